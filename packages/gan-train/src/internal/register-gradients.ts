/**
 * `@tensorflow/tfjs-core` 4.x registers no gradient functions by itself (its
 * Node bundle leaves them out); `@tensorflow/tfjs-layers` registers all of them
 * on import. Every module of this package that takes gradients imports this file.
 */
import '@tensorflow/tfjs-layers';
