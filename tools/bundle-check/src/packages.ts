/** The public packages whose main entry must bundle for browsers. */
export const PUBLIC_PACKAGES = [
  '@ganforge/augment',
  '@ganforge/data-clean',
  '@ganforge/gan-layers',
  '@ganforge/gan-metrics',
  '@ganforge/gan-train',
  '@ganforge/kernels',
  '@ganforge/mnist',
  '@ganforge/normalize',
] as const;

/** The app owns tfjs: every `@tensorflow/*` import stays external. */
export const TFJS_EXTERNAL = /^@tensorflow\//;
