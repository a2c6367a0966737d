import { promises as fs } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from './errors';
import { readArtifacts, writeArtifacts } from './internal/artifacts-io';
import { commitDirectory, temporarySibling } from '@ganforge/internal/node';
import { describeValue } from './internal/checks';

/**
 * A tfjs IO handler (Node.js) that saves a model as `<directory>/model.json` +
 * `weights.bin` atomically: the files are written and flushed in a temporary
 * sibling folder, which is then renamed to `directory`. A crash mid-save leaves the
 * previous save intact. `load()` reads the same layout back.
 *
 * @example
 * await generator.save(atomicFileHandler('./runs/a/generator'));
 * const again = await tf.loadLayersModel(atomicFileHandler('./runs/a/generator'));
 */
export function atomicFileHandler(directory: string): tf.io.IOHandler {
  if (typeof directory !== 'string' || directory.length === 0) {
    throw new OptionError({ functionName: 'atomicFileHandler', argument: 'directory', expected: 'a non-empty path', actual: describeValue(directory) });
  }
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new OptionError({ functionName: 'atomicFileHandler.save', argument: 'artifacts.modelTopology', expected: 'a JSON topology (layers model) or none', actual: 'a binary GraphDef' });
      }
      const temp = temporarySibling(directory);
      try {
        await writeArtifacts(temp, artifacts);
        await commitDirectory(temp, directory);
      } catch (error) {
        await fs.rm(temp, { recursive: true, force: true });
        throw error;
      }
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    load: () => readArtifacts(directory),
  };
}
