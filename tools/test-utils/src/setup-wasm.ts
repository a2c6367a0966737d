/**
 * Vitest setup file: runs the suite on the `wasm` backend. The .wasm binaries
 * are read from the backend package's own dist folder on disk (no network).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);
const wasmDist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
setWasmPaths(`${wasmDist}/`);
tf.env().set('IS_TEST', true);
if (!(await tf.setBackend('wasm'))) throw new Error('setup-wasm: could not set the wasm backend');
await tf.ready();
