import { expectClose, expectNoLeaks } from '@ganforge/test-utils';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { affine, crop, elasticTransform, horizontalFlip, pad, resize, verticalFlip } from '../index';
import { affineStage } from '../affine';
import { cropStage } from '../crop';
import { flipStage } from '../flip';
import { padStage, resolvePadding } from '../pad';
import { resizedCropStage } from '../resize';
import { runStages, setJsPlanExecution, type Stage } from './stages';
import type { Shape4 } from './validate';

// The executor fuses remaps around one sampler into a single gather; every
// fused chain must equal the stages applied one at a time.
const x = () => tf.randomUniform([3, 6, 5, 2], 0, 1, 'float32', 21) as tf.Tensor4D;
const stepwise = (images: tf.Tensor4D, build: ((s: Shape4) => Stage)[]) => {
  let y = images;
  for (const make of build) y = tf.tidy(() => runStages(y, [make(y.shape as Shape4)]));
  return y;
};
const fused = (images: tf.Tensor4D, build: ((s: Shape4) => Stage)[]) => {
  let s = images.shape as Shape4;
  const stages = build.map((make) => {
    const stage = make(s);
    if (stage.kind !== 'tensor') s = [s[0], stage.outH, stage.outW, s[3]];
    return stage;
  });
  return tf.tidy(() => runStages(images, stages));
};
const fill = (v: number, c = 2) => new Float32Array(c).fill(v);
const params = (n: number, angle: number[]) => ({
  angle: Float64Array.from(angle.slice(0, n)),
  tx: new Float64Array(n).fill(0.3),
  ty: new Float64Array(n).fill(-0.6),
  scale: new Float64Array(n).fill(0.9),
  shearX: new Float64Array(n).fill(5),
  shearY: new Float64Array(n),
});

const chains: Record<string, ((s: Shape4) => Stage)[]> = {
  'flips, crop, pad around a bilinear warp': [
    (s) => flipStage('t', s, 'x', [true, false, true]),
    (s) => padStage(s, resolvePadding('t', [2, 1, 0, 2]), 'constant', fill(0)),
    (s) => cropStage(s, [0, 1, 3], [2, 0, 1], 6, 5),
    (s) => affineStage(s, params(3, [20, -35, 90]), 'bilinear', fill(0)),
    (s) => flipStage('t', s, 'y', [false, true, true]),
    (s) => cropStage(s, [-1, 0, 1], [1, -2, 0], 5, 6),
  ],
  'non-zero fills everywhere': [
    (s) => padStage(s, resolvePadding('t', 2), 'constant', fill(0.5)),
    (s) => affineStage(s, params(3, [10, 50, -80]), 'bilinear', fill(0.25)),
    (s) => padStage(s, resolvePadding('t', [1, 0, 0, 1]), 'constant', fill(0.75)),
  ],
  'reflect and edge pads with nearest': [
    (s) => padStage(s, resolvePadding('t', 2), 'reflect', fill(0)),
    (s) => padStage(s, resolvePadding('t', 1), 'edge', fill(0)),
    (s) => affineStage(s, params(3, [33, -12, 71]), 'nearest', fill(0.5)),
    (s) => cropStage(s, [1, 2, 3], [0, 1, 2], 6, 5),
  ],
  'symmetric pad with a bilinear warp': [
    (s) => padStage(s, resolvePadding('t', [3, 1]), 'symmetric', fill(0)),
    (s) => affineStage(s, params(3, [5, 15, 25]), 'bilinear', fill(0)),
  ],
  'resized crop between flips': [
    (s) => flipStage('t', s, 'x', [true, true, false]),
    (s) => resizedCropStage(s, { top: [0, 1, 2], left: [1, 0, 0], height: [4, 5, 3], width: [3, 5, 4] }, 7, 4, 'bilinear'),
    (s) => padStage(s, resolvePadding('t', 1), 'constant', fill(0.1)),
  ],
  'remaps only': [
    (s) => flipStage('t', s, 'y', [true, false, true]),
    (s) => padStage(s, resolvePadding('t', 3), 'reflect', fill(0)),
    (s) => cropStage(s, [0, 2, 5], [6, 1, 0], 4, 4),
    (s) => padStage(s, resolvePadding('t', 1), 'constant', fill(2)),
  ],
};

describe('fused geometric stages', () => {
  for (const [name, chain] of Object.entries(chains)) {
    it(`equal the stages applied one by one: ${name}`, () => {
      const input = x();
      const a = fused(input, chain);
      const b = stepwise(input, chain);
      expect(a.shape).toEqual(b.shape);
      // nearest ties may round either way after fusion only if coordinates differ; they do not here
      expectClose(a, b, { atol: 1e-5 });
    });
  }

  it('public transforms compose like their stages', () => {
    const input = x();
    const chained = crop(affine(pad(horizontalFlip(input), 1), { angle: 30 }), 1, 1, 6, 5);
    const flipped = verticalFlip(resize(chained, [4, 4]));
    expect(flipped.shape).toEqual([3, 4, 4, 2]);
    const field = tf.zeros([1, 6, 5, 2]) as tf.Tensor4D;
    expectClose(elasticTransform(input, field), input, { atol: 1e-6 });
  });

  it('does not leak', async () => {
    const input = x();
    await expectNoLeaks(() => fused(input, chains['flips, crop, pad around a bilinear warp']!));
  });

  // cpu and wasm run plans as a JS loop; GPU backends with gather kernels. Both must agree.
  it('gives the same result with the JS loop and with tensor ops', async () => {
    const input = x();
    const run = () =>
      tf.tidy(() => [
        ...Object.values(chains).map((chain) => fused(input, chain)),
        affine(input, { angle: [10, -25, 40], translate: [1, -2], scale: 1.1, fill: [0.5, -1] }),
        affine(input, { angle: 33, interpolation: 'nearest', fill: 2 }),
        pad(input, [1, 2, 0, 3], { mode: 'reflect' }),
        pad(input, 2, { fill: [3, 4] }),
        resize(input, [9, 4]),
        crop(input, [0, 1, 2], [1, 0, 1], 4, 3),
      ]);
    const js = run();
    setJsPlanExecution(false);
    let tensors: tf.Tensor[];
    try {
      tensors = run();
    } finally {
      setJsPlanExecution(true);
    }
    expect(js).toHaveLength(tensors.length);
    js.forEach((a, i) => {
      expect(a.dtype).toBe(tensors[i]!.dtype);
      expectClose(a, tensors[i]!, { atol: 1e-5 });
    });
    tf.dispose([...js, ...tensors, input]);
  });
});
