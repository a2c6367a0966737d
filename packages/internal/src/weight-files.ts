import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Reads the weight files that a tfjs `model.json`'s `weightsManifest` names (paths relative to
 * `directory`) into one buffer, with the weight specs in manifest order (Node only).
 *
 * @example
 * const { weightSpecs, weightData } = await readWeightFiles(dirname(modelJsonPath), json.weightsManifest);
 */
export async function readWeightFiles<Spec>(
  directory: string,
  manifest: readonly { paths: readonly string[]; weights: readonly Spec[] }[],
): Promise<{ weightSpecs: Spec[]; weightData: ArrayBuffer }> {
  const weightSpecs: Spec[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of manifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) buffers.push(new Uint8Array(await readFile(join(directory, path))));
  }
  const weightData = new Uint8Array(buffers.reduce((sum, b) => sum + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  return { weightSpecs, weightData: weightData.buffer };
}
