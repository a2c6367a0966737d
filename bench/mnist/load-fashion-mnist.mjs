#!/usr/bin/env node
// Times Fashion-MNIST train (60,000 images) from the gzipped IDX files to a float32 [-1, 1]
// NHWC tensor [60000, 28, 28, 1], on the cpu and wasm backends, a few repeats each.
//
//   pnpm bench:load [--repeats 3] [--backends cpu,wasm] [--dir DIR]   (builds @ganforge/mnist first)
//
// Stages: load = loadMnist({ dir }) (read + gunzip + IDX parse of images and labels);
// tensor = toImageTensor(split, { range: 'symmetric' }) (uint8 -> float32 [-1, 1] [N, 28, 28, 1] in
// one pass). For reference, one run per backend also takes the plain-tfjs-ops way:
// toImageTensor(split) then tf.sub(tf.div(x, 127.5), 1) (two more full-size tensors).
// Baselines measured in the same run, between repeats: node:zlib gunzipSync of the images file
// alone, and allocating + filling one float32 array of 60000*28*28 values (the output tensor's
// memory; on VMs where fresh pages are costly this alone can take seconds). Their sum is a floor
// for any gz -> float32 tensor loader; the report gives total / floor so runs on a busy machine
// stay comparable.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { loadMnist, toImageTensor } from '@ganforge/mnist';
import * as tf from '@tensorflow/tfjs-core';
import { importBackends } from '../shared/backend.mjs';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    backends: { type: 'string', default: 'cpu,wasm' },
    dir: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
  },
});
const repeats = Number(values.repeats);
const dir = values.dir;

await importBackends(values.backends.split(','));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

function baseline() {
  const t0 = performance.now();
  const raw = gunzipSync(readFileSync(join(dir, 'train-images-idx3-ubyte.gz')));
  const t1 = performance.now();
  if (raw.length !== 47040016) throw new Error(`unexpected size ${raw.length}`);
  const out = new Float32Array(60000 * 28 * 28).fill(1);
  const t2 = performance.now();
  if (out[out.length - 1] !== 1) throw new Error('fill failed');
  return { gunzip: t1 - t0, fill: t2 - t1, floor: t2 - t0 };
}

async function once(check, withOps = false) {
  const t0 = performance.now();
  const split = await loadMnist({ dataset: 'fashion-mnist', split: 'train', dir, download: false });
  const t1 = performance.now();
  let y;
  if (withOps) {
    const x = toImageTensor(split);
    y = tf.tidy(() => tf.sub(tf.div(x, 127.5), 1));
    x.dispose();
  } else {
    y = toImageTensor(split, { range: 'symmetric' });
  }
  const t2 = performance.now();
  if (check) {
    const [min, max] = tf.tidy(() => [tf.min(y).dataSync()[0], tf.max(y).dataSync()[0]]);
    if (y.dtype !== 'float32' || y.shape.join() !== '60000,28,28,1' || min !== -1 || max !== 1) {
      throw new Error(`bad result: ${y.dtype} [${y.shape}] in [${min}, ${max}]`);
    }
  }
  y.dispose();
  return { load: t1 - t0, tensor: t2 - t1, total: t2 - t0 };
}

console.log(
  `Fashion-MNIST train from ${dir} (gz) -> float32 [-1, 1] [60000, 28, 28, 1]; node ${process.version}; load average ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
const summary = [];
for (const backend of values.backends.split(',')) {
  if (!(await tf.setBackend(backend))) throw new Error(`could not set backend ${backend}`);
  await tf.ready();
  await once(true); // warm-up (module imports, kernel setup) and a correctness check
  const runs = [];
  const bases = [];
  for (let r = 0; r < repeats; r++) {
    bases.push(baseline());
    runs.push(await once(false));
  }
  for (const [r, run] of runs.entries()) {
    console.log(
      `  ${backend} #${r + 1}: load ${ms(run.load)} + tensor [-1, 1] ${ms(run.tensor)} = ${ms(run.total)}` +
        `   (floor ${ms(bases[r].floor)} = gunzip ${ms(bases[r].gunzip)} + fill ${ms(bases[r].fill)})`,
    );
  }
  const ops = await once(true, true);
  console.log(`  ${backend} with tfjs ops for the scaling (reference): load ${ms(ops.load)} + tensor and ops ${ms(ops.tensor)} = ${ms(ops.total)}`);
  const total = median(runs.map((x) => x.total));
  const base = median(bases.map((b) => b.floor));
  summary.push(
    `${backend}: median ${ms(total)} (best ${ms(Math.min(...runs.map((x) => x.total)))}), ` +
      `${(total / base).toFixed(2)}x the floor (gunzip + fill) ${ms(base)}`,
  );
}
console.log(summary.join('\n'));
