import { DatasetUnavailableError } from './errors';
import { EMBEDDED_FILES, type EmbeddedFileName } from './internal/embedded-files';
import type { NodeModules } from './internal/node';

/**
 * The URLs of the files of data/, which sits beside src/ and dist/ (so the
 * same relative URL works from the sources, the build, and the installed
 * package). This file must therefore stay directly in src/, not in
 * src/internal/. The browser build (dist/browser.js) uses
 * embedded-source.browser.ts instead, which carries the bytes in a lazily
 * imported chunk.
 */
function dataUrl(name: EmbeddedFileName): URL {
  return name === EMBEDDED_FILES.images
    ? new URL('../data/mnist-embedded-images-idx3-ubyte.gz', import.meta.url)
    : new URL('../data/mnist-embedded-labels-idx1-ubyte.gz', import.meta.url);
}

/** The gzipped bytes of one embedded file: read from data/ in Node, fetched elsewhere. */
export async function readEmbeddedFile(name: EmbeddedFileName, node: NodeModules | null): Promise<Uint8Array> {
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
