/**
 * The embedded digits' gzipped IDX files as bytes, for the browser build only:
 * tsup loads `.gz` with esbuild's `binary` loader (base64 in the chunk, decoded
 * once on import). Imported lazily by embedded-source.browser.ts.
 */
import images from '../../data/mnist-embedded-images-idx3-ubyte.gz';
import labels from '../../data/mnist-embedded-labels-idx1-ubyte.gz';
import { EMBEDDED_FILES, type EmbeddedFileName } from './embedded-files';

export const EMBEDDED_BYTES: Record<EmbeddedFileName, Uint8Array> = {
  [EMBEDDED_FILES.images]: images,
  [EMBEDDED_FILES.labels]: labels,
};
