/** Files in the package's data/ folder, made by scripts/convert-embedded.mjs. */
export const EMBEDDED_FILES = {
  images: 'mnist-embedded-images-idx3-ubyte.gz',
  labels: 'mnist-embedded-labels-idx1-ubyte.gz',
} as const;

/** The name of one embedded file. */
export type EmbeddedFileName = (typeof EMBEDDED_FILES)[keyof typeof EMBEDDED_FILES];
