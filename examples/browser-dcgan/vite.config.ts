import { defineConfig } from 'vite';

/**
 * Cross-origin isolation (COOP + COEP) on the dev and the preview server, so that
 * SharedArrayBuffer exists and tfjs-backend-wasm runs its XNNPACK thread pool.
 */
const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  server: { headers: isolation },
  preview: { headers: isolation },
  build: { target: 'es2022', chunkSizeWarningLimit: 8000 },
  worker: { format: 'es' },
});
