/** Vitest setup file: runs the suite on the pure-JS `cpu` backend. */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

tf.env().set('IS_TEST', true);
if (!(await tf.setBackend('cpu'))) throw new Error('setup-cpu: could not set the cpu backend');
await tf.ready();
