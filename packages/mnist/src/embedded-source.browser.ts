/**
 * The browser build's embedded-source.ts: the gzipped digits travel inside the
 * bundle as a lazily imported chunk (about 2.2 MB of base64, loaded only when
 * `loadMnist` falls back to them), so no bundler has to copy data/ files.
 */
import type { EmbeddedFileName } from './internal/embedded-files';
import type { NodeModules } from './internal/node';

/** The gzipped bytes of one embedded file, from the chunk the bundler carries. */
export async function readEmbeddedFile(name: EmbeddedFileName, _node: NodeModules | null): Promise<Uint8Array> {
  const { EMBEDDED_BYTES } = await import('./internal/embedded-bytes');
  return EMBEDDED_BYTES[name];
}
