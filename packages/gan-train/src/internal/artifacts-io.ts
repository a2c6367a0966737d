import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { readWeightFiles, writeFileDurable } from '@ganforge/internal/node';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  if (Array.isArray(data)) return new Uint8Array(tf.io.concatenateArrayBuffers(data));
  return new Uint8Array(data);
}

/**
 * Writes tfjs model artifacts as `model.json` + `weights.bin` into `directory`
 * (created), every file flushed. Not atomic by itself: callers write into a
 * temporary folder and rename it.
 */
export async function writeArtifacts(directory: string, artifacts: tf.io.ModelArtifacts): Promise<void> {
  await fs.mkdir(directory, { recursive: true });
  const weights = joinWeightData(artifacts.weightData);
  const modelJson: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology ?? null,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  if (artifacts.trainingConfig != null) modelJson.trainingConfig = artifacts.trainingConfig;
  if (artifacts.userDefinedMetadata != null) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
  await writeFileDurable(join(directory, WEIGHTS_BIN), weights);
  await writeFileDurable(join(directory, MODEL_JSON), JSON.stringify(modelJson));
}

/** The byte length of the weights a list of specs describes. */
export function specsByteLength(specs: tf.io.WeightsManifestEntry[]): number {
  const bytesPer: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };
  return specs.reduce((sum, s) => {
    const count = s.shape.reduce((a, b) => a * b, 1);
    const dtype = s.quantization?.dtype ?? s.dtype;
    return sum + count * (bytesPer[dtype] ?? 4);
  }, 0);
}

/** Reads `model.json` and its weight files back into model artifacts. Throws a plain Error naming the problem. */
export async function readArtifacts(directory: string): Promise<tf.io.ModelArtifacts> {
  const json = JSON.parse(await fs.readFile(join(directory, MODEL_JSON), 'utf8')) as {
    modelTopology?: object | null;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    trainingConfig?: tf.io.TrainingConfig;
    userDefinedMetadata?: Record<string, object>;
    weightsManifest?: tf.io.WeightsManifestConfig;
  };
  if (!Array.isArray(json.weightsManifest)) throw new Error(`${join(directory, MODEL_JSON)} has no weightsManifest`);
  const { weightSpecs, weightData } = await readWeightFiles(directory, json.weightsManifest);
  const total = weightData.byteLength;
  const expected = specsByteLength(weightSpecs);
  if (total !== expected) throw new Error(`${directory}: weight files hold ${total} bytes, the manifest describes ${expected}`);
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: json.modelTopology ?? undefined,
    weightSpecs,
    weightData,
  };
  if (json.format !== undefined) artifacts.format = json.format;
  if (json.generatedBy !== undefined) artifacts.generatedBy = json.generatedBy;
  if (json.convertedBy != null) artifacts.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) artifacts.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata !== undefined) artifacts.userDefinedMetadata = json.userDefinedMetadata;
  return artifacts;
}

/** Decodes artifacts' weights in manifest order (names may repeat). The caller disposes the tensors. */
export function decodeOrdered(artifacts: tf.io.ModelArtifacts): { name: string; tensor: tf.Tensor }[] {
  const specs = artifacts.weightSpecs ?? [];
  const data = joinWeightData(artifacts.weightData);
  const out: { name: string; tensor: tf.Tensor }[] = [];
  let offset = 0;
  try {
    for (const spec of specs) {
      const size = specsByteLength([spec]);
      const slice = data.slice(offset, offset + size).buffer;
      offset += size;
      const map = tf.io.decodeWeights(slice, [{ ...spec, name: 'w' }]);
      out.push({ name: spec.name, tensor: map.w! });
    }
  } catch (error) {
    tf.dispose(out.map((o) => o.tensor));
    throw error;
  }
  return out;
}
