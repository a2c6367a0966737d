// Images/s of @ganforge/augment against plain tfjs versions measured in the
// same run, on batches of 1024 28x28x1 float images, on wasm and cpu.
// Usage: pnpm bench:augment [wasm|cpu ...] [--iters N] [--only <transform>] (builds @ganforge/augment first)
import { colorJitter, compose, randomAffine, randomCrop, randomFlip } from '@ganforge/augment';
import * as tf from '@tensorflow/tfjs-core';
import { importBackends } from '../shared/backend.mjs';

await importBackends(['cpu', 'wasm']);

const args = process.argv.slice(2);
const itersAt = args.indexOf('--iters');
const iters = itersAt >= 0 ? Number(args[itersAt + 1]) : 10;
const only = args.indexOf('--only');
const backends = args.filter((a, i) => !a.startsWith('--') && (itersAt < 0 || i !== itersAt + 1) && (only < 0 || i !== only + 1));
const N = 1024;
const H = 28;
const W = 28;

// ---- plain tfjs versions (per-sample randomness drawn with Math.random-free seeded JS) ----
let state = 12345;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
const uniform = (lo, hi) => lo + (hi - lo) * rand();

function plainFlip(x) {
  return tf.tidy(() => {
    const mask = tf.tensor4d(Array.from({ length: N }, () => (rand() < 0.5 ? 1 : 0)), [N, 1, 1, 1], 'bool');
    return tf.where(mask, tf.image.flipLeftRight(x), x);
  });
}

function plainCrop(x) {
  // pad by 2, then crop a 28x28 window per image with cropAndResize (no resizing)
  return tf.tidy(() => {
    const padded = tf.pad(x, [[0, 0], [2, 2], [2, 2], [0, 0]]);
    const P = H + 4;
    const boxes = [];
    for (let n = 0; n < N; n++) {
      const top = Math.floor(rand() * 5);
      const left = Math.floor(rand() * 5);
      boxes.push([top / (P - 1), left / (P - 1), (top + H - 1) / (P - 1), (left + W - 1) / (P - 1)]);
    }
    return tf.image.cropAndResize(padded, tf.tensor2d(boxes), tf.range(0, N, 1, 'int32'), [H, W], 'bilinear');
  });
}

function plainAffineTransforms() {
  const t = [];
  for (let n = 0; n < N; n++) {
    const a = (uniform(-15, 15) * Math.PI) / 180;
    const s = uniform(0.9, 1.1);
    const tx = Math.round(uniform(-0.1, 0.1) * W);
    const ty = Math.round(uniform(-0.1, 0.1) * H);
    // output -> input map about the centre: in = R(-a)/s (out - c - t) + c
    const c = Math.cos(a) / s;
    const si = Math.sin(a) / s;
    const cx = (W - 1) / 2;
    const cy = (H - 1) / 2;
    const a0 = c;
    const a1 = si;
    const b0 = -si;
    const b1 = c;
    const ox = cx - a0 * (cx + tx) - a1 * (cy + ty);
    const oy = cy - b0 * (cx + tx) - b1 * (cy + ty);
    t.push([a0, a1, ox, b0, b1, oy, 0, 0]);
  }
  return t;
}

function plainAffine(x) {
  // tf.image.transform handles only the first image of a batch on cpu: loop per image there
  return tf.tidy(() => {
    const t = plainAffineTransforms();
    if (tf.getBackend() !== 'cpu') return tf.image.transform(x, tf.tensor2d(t), 'bilinear', 'constant', 0);
    const parts = tf.unstack(x).map((img, n) => tf.image.transform(tf.expandDims(img), tf.tensor2d([t[n]]), 'bilinear', 'constant', 0));
    return tf.concat(parts);
  });
}

function plainColor(x) {
  return tf.tidy(() => {
    const b = tf.tensor4d(Array.from({ length: N }, () => uniform(0.8, 1.2)), [N, 1, 1, 1]);
    const c = tf.tensor4d(Array.from({ length: N }, () => uniform(0.8, 1.2)), [N, 1, 1, 1]);
    const y = tf.clipByValue(tf.mul(x, b), 0, 1);
    const mean = tf.mean(y, [1, 2, 3], true);
    return tf.clipByValue(tf.add(tf.mul(c, y), tf.mul(tf.sub(1, c), mean)), 0, 1);
  });
}

const plainPipeline = (x) => tf.tidy(() => plainColor(plainAffine(plainCrop(plainFlip(x)))));

// ---- ours ----
const flip = randomFlip({ seed: 1 });
const cropAug = randomCrop({ size: 28, padding: 2, seed: 2 });
const affineAug = randomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], seed: 3 });
const jitter = colorJitter({ brightness: 0.2, contrast: 0.2, seed: 4 });
const pipeline = compose([randomFlip(), randomCrop({ size: 28, padding: 2 }), randomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1] }), colorJitter({ brightness: 0.2, contrast: 0.2 })], { seed: 5 });

const cases = [
  ['flip', (x) => flip.apply(x), plainFlip],
  ['crop (pad 2)', (x) => cropAug.apply(x), plainCrop],
  ['affine', (x) => affineAug.apply(x), plainAffine],
  ['brightness+contrast', (x) => jitter.apply(x), plainColor],
  ['4-step pipeline', (x) => pipeline.apply(x), plainPipeline],
];

// cpu and wasm run kernels synchronously, so the output is complete when fn returns;
// reading it back (dataSync) would add the same copy to both sides. Ours and plain
// alternate run by run, so that load from other processes hits both alike.
function rates(ours, plain, x) {
  for (let i = 0; i < 2; i++) tf.dispose([ours(x), plain(x)]);
  const times = [[], []];
  for (let i = 0; i < iters; i++) {
    [ours, plain].forEach((fn, k) => {
      const t0 = performance.now();
      const out = fn(x);
      times[k].push(performance.now() - t0);
      out.dispose();
    });
  }
  return times.map((t) => {
    t.sort((a, b) => a - b);
    return (N / t[Math.floor(t.length / 2)]) * 1000;
  });
}

for (const backend of backends.length ? backends : ['wasm', 'cpu']) {
  if (!(await tf.setBackend(backend))) throw new Error(`could not set ${backend}`);
  await tf.ready();
  const x = tf.randomUniform([N, H, W, 1], 0, 1, 'float32', 7);
  console.log(`\n${backend}: batch ${N}x${H}x${W}x1, median of ${iters} runs (images/s)`);
  console.log('| transform | ours | plain tfjs | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const [name, ours, plain] of cases) {
    if (only >= 0 && !name.startsWith(args[only + 1])) continue;
    const [a, b] = rates(ours, plain, x);
    console.log(`| ${name} | ${Math.round(a).toLocaleString('en-US')} | ${Math.round(b).toLocaleString('en-US')} | ${(a / b).toFixed(2)}x |`);
  }
  x.dispose();
  console.log(`tensors alive: ${tf.memory().numTensors}`);
}
