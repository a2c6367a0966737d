import { ganforgeTsup } from '../../tsup.shared';

export default ganforgeTsup({
  entry: ['src/index.ts', 'src/node.ts', 'src/cli.ts'],
  // Shared chunks in CJS too, so the embedded weights and reference sets are not copied into each entry.
  splitting: true,
  // The CLI loads a backend, and model files load tfjs-layers/-converter, only when asked: optional peers, never bundled.
  external: ['@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter'],
});
