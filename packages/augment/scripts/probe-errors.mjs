// Probe of @ganforge/augment's public API: misspelled options, null / disposed tensors, oversized sizes.
// usage: node scripts/probe-errors.mjs <path to dist/index.js>   (runs each probe in a child process, 60 s each)
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
const fromAugment = createRequire('/work/main/packages/augment/package.json');
const fromUtils = createRequire('/work/main/tools/test-utils/package.json');
const tf = await import(pathToFileURL(fromAugment.resolve('@tensorflow/tfjs-core')).href);
await import(pathToFileURL(fromUtils.resolve('@tensorflow/tfjs-backend-cpu')).href);
await tf.setBackend('cpu');
const A = await import(process.argv[2]);
const x = () => tf.zeros([2, 8, 8, 3]);
const dead = () => { const t = tf.zeros([2, 8, 8, 3]); t.dispose(); return t; };
const field = () => tf.zeros([2, 8, 8, 2]);
// [name, misspelled-option call, null call, disposed call, oversized call|null]
const cases = [
  ['horizontalFlip', () => A.horizontalFlip(x(), { whihc: false }), () => A.horizontalFlip(null), () => A.horizontalFlip(dead()), null],
  ['verticalFlip', () => A.verticalFlip(x(), { whihc: false }), () => A.verticalFlip(null), () => A.verticalFlip(dead()), null],
  ['affine', () => A.affine(x(), { angel: 45 }), () => A.affine(null, { angle: 1 }), () => A.affine(dead(), { angle: 1 }), null],
  ['rotate', () => A.rotate(x(), 10, { intrpolation: 'nearest' }), () => A.rotate(null, 10), () => A.rotate(dead(), 10), null],
  ['crop', null, () => A.crop(null, 0, 0, 4, 4), () => A.crop(dead(), 0, 0, 4, 4), () => A.crop(x(), 0, 0, 1e6, 1e6)],
  ['pad', () => A.pad(x(), 1, { mdoe: 'reflect' }), () => A.pad(null, 1), () => A.pad(dead(), 1), () => A.pad(x(), 1e6)],
  ['resize', () => A.resize(x(), 4, { interpolaton: 'nearest' }), () => A.resize(null, 4), () => A.resize(dead(), 4), () => A.resize(x(), [1e6, 1e6])],
  ['adjustBrightness', null, () => A.adjustBrightness(null, 1), () => A.adjustBrightness(dead(), 1), null],
  ['adjustContrast', null, () => A.adjustContrast(null, 1), () => A.adjustContrast(dead(), 1), null],
  ['adjustSaturation', null, () => A.adjustSaturation(null, 1), () => A.adjustSaturation(dead(), 1), null],
  ['adjustGamma', () => A.adjustGamma(x(), 2, { gian: 2 }), () => A.adjustGamma(null, 2), () => A.adjustGamma(dead(), 2), null],
  ['gaussianBlur', () => A.gaussianBlur(x(), 3, { sigam: 2 }), () => A.gaussianBlur(null, 3), () => A.gaussianBlur(dead(), 3), () => A.gaussianBlur(x(), 2e6 + 1)],
  ['gaussianNoise', () => A.gaussianNoise(x(), { sdt: 0.5 }), () => A.gaussianNoise(null), () => A.gaussianNoise(dead()), null],
  ['erase', () => A.erase(x(), 0, 0, 2, 2, { vaule: 1 }), () => A.erase(null, 0, 0, 2, 2), () => A.erase(dead(), 0, 0, 2, 2), null],
  ['elasticTransform', () => A.elasticTransform(x(), field(), { fil: 1 }), () => A.elasticTransform(null, field()), () => A.elasticTransform(dead(), field()), null],
  ['randomFlip', () => A.randomFlip({ vertcal: true }), () => A.randomFlip().apply(null), () => A.randomFlip().apply(dead()), () => A.randomFlip().sample([2 ** 30, 8, 8, 1])],
  ['randomAffine', () => A.randomAffine({ degress: 10 }), () => A.randomAffine().apply(null), () => A.randomAffine().apply(dead()), null],
  ['randomCrop', () => A.randomCrop({ size: 4, paddng: 2 }), () => A.randomCrop({ size: 4 }).apply(null), () => A.randomCrop({ size: 4 }).apply(dead()), () => A.randomCrop({ size: 1e6, padIfNeeded: true }).apply(x())],
  ['randomResizedCrop', () => A.randomResizedCrop({ size: 4, scael: [0.5, 1] }), () => A.randomResizedCrop({ size: 4 }).apply(null), () => A.randomResizedCrop({ size: 4 }).apply(dead()), () => A.randomResizedCrop({ size: 1e6 }).apply(x())],
  ['colorJitter', () => A.colorJitter({ brightnes: 0.2 }), () => A.colorJitter({ brightness: 0.2 }).apply(null), () => A.colorJitter({ brightness: 0.2 }).apply(dead()), null],
  ['randomNoise', () => A.randomNoise({ sdt: 0.2 }), () => A.randomNoise().apply(null), () => A.randomNoise().apply(dead()), null],
  ['randomErasing', () => A.randomErasing({ vaule: 1 }), () => A.randomErasing().apply(null), () => A.randomErasing().apply(dead()), null],
  ['randomElastic', () => A.randomElastic({ alhpa: 1 }), () => A.randomElastic().apply(null), () => A.randomElastic().apply(dead()), () => A.randomElastic({ sigma: 1e6 }).apply(x())],
  ['randomGaussianBlur', () => A.randomGaussianBlur({ kernelSize: 3, sigam: [1, 2] }), () => A.randomGaussianBlur({ kernelSize: 3 }).apply(null), () => A.randomGaussianBlur({ kernelSize: 3 }).apply(dead()), () => A.randomGaussianBlur({ kernelSize: 2e6 + 1 }).apply(x())],
  ['compose', () => A.compose([A.randomFlip()], { sede: 1 }), () => A.compose([A.randomFlip()]).apply(null), () => A.compose([A.randomFlip()]).apply(dead()), null],
  ['oneOf', () => A.oneOf([A.randomFlip()], { wieghts: [1] }), () => A.oneOf([A.randomFlip()]).apply(null), () => A.oneOf([A.randomFlip()]).apply(dead()), null],
  ['someOf', () => A.someOf([A.randomFlip()], 1, { replce: true }), () => A.someOf([A.randomFlip()], 1).apply(null), () => A.someOf([A.randomFlip()], 1).apply(dead()), null],
  ['randomOrder', () => A.randomOrder([A.randomFlip()], { sameOnBach: true }), () => A.randomOrder([A.randomFlip()]).apply(null), () => A.randomOrder([A.randomFlip()]).apply(dead()), null],
  ['diffAugment', () => A.diffAugment(x(), { polcy: ['color'] }), () => A.diffAugment(null), () => A.diffAugment(dead()), null],
  ['diffAugmentation', () => A.diffAugmentation({ cutoutRatoi: 0.2 }), () => A.diffAugmentation().apply(null), () => A.diffAugmentation().apply(dead()), null],
  ['createAdaController', () => A.createAdaController({ traget: 0.5 }), () => A.createAdaController().update(null), () => A.createAdaController().update(dead()), null],
  ['augmentationFromJSON', () => A.augmentationFromJSON({ type: 'randomFlip', options: { pp: 1 } }), () => A.augmentationFromJSON(null), null, null],
  ['Augmentation.apply options', () => A.randomFlip().apply(x(), { sede: 1 }), null, null, null],
];
const only = process.argv[3];
if (only !== undefined) {
  const [, ...probes] = cases[Number(only.split(':')[0])];
  const probe = probes[Number(only.split(':')[1])];
  try {
    const r = probe();
    if (r && typeof r.dispose === 'function') r.dispose();
    console.log('RESULT silent');
  } catch (e) {
    console.log(`RESULT ${e instanceof A.AugmentError ? 'typed' : 'raw'} ${e?.name}: ${String(e?.message).slice(0, 160)}`);
  }
  process.exit(0);
}
const tally = { misspelled: [0, 0], typed: 0, raw: 0, silent: 0 };
const rows = [];
cases.forEach(([name, ...probes], i) => {
  const out = probes.map((probe, k) => {
    if (!probe) return '-';
    const child = spawnSync(process.execPath, [process.argv[1], process.argv[2], `${i}:${k}`], { encoding: 'utf8', timeout: 60_000 });
    const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('RESULT ')) ?? `RESULT raw ${child.signal ? 'hang (killed after 60 s)' : `crash: ${(child.stderr ?? '').split('\n').filter(Boolean).pop()}`}`;
    const [, kind, ...rest] = line.split(' ');
    if (k === 0) tally.misspelled[1]++;
    if (kind === 'typed') {
      if (k === 0) tally.misspelled[0]++;
      else tally.typed++;
      return rest[0].replace(/:$/, '');
    }
    if (kind === 'silent') {
      if (k > 0) tally.silent++;
      return 'silent';
    }
    if (k > 0) tally.raw++;
    return `RAW ${rest.join(' ').slice(0, 70)}`;
  });
  rows.push(`${name.padEnd(28)} | ${out.join(' | ')}`);
  console.error(rows.at(-1));
});
console.log('case | misspelled option | null | disposed | oversized');
console.log(rows.join('\n'));
console.log(`misspelled options rejected: ${tally.misspelled[0]}/${tally.misspelled[1]}; null/disposed/oversized: typed ${tally.typed}, raw ${tally.raw}, silent ${tally.silent}`);
