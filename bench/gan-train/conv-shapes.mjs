#!/usr/bin/env node
// Times the tutorial DCGAN's big convolution shapes on wasm, one kernel at a time, with
// process CPU and wall time: XNNPACK's conv, the registered gradient kernels and plain
// matrix products of the same size. Usage: node bench/gan-train/conv-shapes.mjs [--threads 2]
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../shared/backend.mjs';

const { values: args } = parseArgs({ options: { threads: { type: 'string', default: '2' }, reps: { type: 'string', default: '5' }, kernels: { type: 'string' }, only: { type: 'string' } } });
const kernels = await import(args.kernels ?? '@ganforge/kernels');
await initBackend('wasm', { threads: Number(args.threads) });
kernels.registerTrainingKernels({ backends: ['wasm'] });

function time(name, flops, fn) {
  if (args.only && !name.includes(args.only)) return;
  tf.dispose(fn());
  const reps = Number(args.reps);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) tf.dispose(fn());
  const wall = (performance.now() - t0) / reps;
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000 / reps;
  console.log(`${name.padEnd(58)} wall ${wall.toFixed(1).padStart(6)} ms  cpu ${cpu.toFixed(1).padStart(6)} ms  ${(flops / 1e6 / wall).toFixed(1).padStart(6)} GFLOP/s wall`);
}
const r = (shape) => tf.randomNormal(shape);
const run = (name, inputs, attrs) => tf.engine().runKernel(name, inputs, attrs);

for (const [b, h, ci, co, s] of [
  [64, 7, 128, 256, 1],
  [64, 7, 256, 128, 1],
  [64, 14, 64, 128, 2],
  [64, 28, 1, 64, 2],
]) {
  const oh = h / s;
  const x = r([b, h, h, ci]);
  const w = r([5, 5, ci, co]);
  const dy = r([b, oh, oh, co]);
  const flops = 2 * b * oh * oh * co * 25 * ci;
  const tag = `${b}x${h}x${h}x${ci} -> ${co} s${s}`;
  time(`Conv2D ${tag}`, flops, () => run('Conv2D', { x, filter: w }, { strides: [s, s], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }));
  time(`Conv2DBackpropInput ${tag}`, flops, () => run('Conv2DBackpropInput', { dy, filter: w }, { strides: [s, s], pad: 'same', dataFormat: 'NHWC', inputShape: [b, h, h, ci] }));
  time(`Conv2DBackpropFilter ${tag}`, flops, () => run('Conv2DBackpropFilter', { x, dy }, { strides: [s, s], pad: 'same', dataFormat: 'NHWC', filterShape: [5, 5, ci, co] }));
  const m = b * oh * oh;
  const a2 = r([1, m, 25 * ci]);
  const b2 = r([1, 25 * ci, co]);
  time(`MatMul [${m}, ${25 * ci}] x [${25 * ci}, ${co}]`, flops, () => tf.matMul(a2, b2));
  tf.dispose([x, w, dy, a2, b2]);
}
