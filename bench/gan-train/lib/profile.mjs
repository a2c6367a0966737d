// Per-kernel profile of one train step: time, share of the kernel time, calls and GFLOP/s
// (for the convolutions and matrix products, counted from the shapes tf.profile reports).
import * as tf from '@tensorflow/tfjs-core';

const size = (shape) => (shape ? shape.reduce((p, d) => p * d, 1) : 0);

/** Multiply-adds × 2 of one kernel call, or 0 for kernels whose FLOPs are not counted. */
export function kernelFlops(name, inputShapes, outputShapes) {
  const out = outputShapes?.[0];
  switch (name) {
    case 'Conv2D':
    case 'FusedConv2D': {
      // x [B, H, W, Ci], filter [kh, kw, Ci, Co] -> y [B, OH, OW, Co]
      const [kh, kw, ci] = inputShapes[1];
      return 2 * size(out) * kh * kw * ci;
    }
    case 'Conv2DBackpropInput': {
      // dy [B, OH, OW, Co], filter [kh, kw, Ci, Co] -> dx
      const [kh, kw, ci] = inputShapes[1];
      return 2 * size(inputShapes[0]) * kh * kw * ci;
    }
    case 'Conv2DBackpropFilter':
      // x, dy [B, OH, OW, Co] -> dW [kh, kw, Ci, Co]: each dy element meets kh*kw*Ci inputs
      return (2 * size(inputShapes[1]) * size(out)) / out[3];
    case 'BatchMatMul':
    case '_FusedMatMul': {
      // a [.., m, k], b [.., k, n] (either transposed) -> [.., m, n]: k from the sizes.
      const batch = size(out.slice(0, -2));
      const k = Math.round(Math.sqrt((size(inputShapes[0]) * size(inputShapes[1])) / (size(out) * batch)));
      return 2 * size(out) * k;
    }
    default:
      return 0;
  }
}

/**
 * Profiles one `trainer.step(real)` (after one unprofiled step); kernels summed by name.
 * On cpu and wasm (synchronous kernels) each top-level kernel call is timed by process CPU
 * time as well as wall time (wrapping the registered kernel functions; kernels called from
 * inside another are counted in their caller), so a busy machine inflates the times less;
 * elsewhere tf.profile's kernel times are used.
 */
export async function profileStep(trainer, real) {
  await trainer.step(real);
  const backendName = tf.getBackend();
  const calls = [];
  const t0 = performance.now();
  if (backendName === 'cpu' || backendName === 'wasm') {
    const configs = tf.getKernelsForBackend(backendName);
    let depth = 0;
    const restore = [];
    for (const config of configs) {
      const inner = config.kernelFunc;
      const wrapped = (args) => {
        if (depth > 0) return inner(args);
        depth++;
        const c0 = process.cpuUsage();
        const w0 = performance.now();
        let outputShapes;
        try {
          const out = inner(args);
          outputShapes = (Array.isArray(out) ? out : [out]).map((t) => t?.shape);
          return out;
        } finally {
          const wall = performance.now() - w0;
          const c = process.cpuUsage(c0);
          depth--;
          calls.push({ name: config.kernelName, cpuMs: (c.user + c.system) / 1000, wallMs: wall, inputShapes: Object.values(args.inputs).map((t) => t?.shape), outputShapes });
        }
      };
      config.kernelFunc = wrapped;
      restore.push(() => {
        config.kernelFunc = inner;
      });
    }
    try {
      await trainer.step(real);
    } finally {
      for (const r of restore) r();
    }
  } else {
    const info = await tf.profile(() => trainer.step(real));
    for (const k of info.kernels) {
      if (k.name.endsWith('__op')) continue;
      const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : ((await k.kernelTimeMs)?.kernelMs ?? 0);
      calls.push({ name: k.name, cpuMs: ms, wallMs: ms, inputShapes: k.inputShapes, outputShapes: k.outputShapes });
    }
  }
  const wallMs = performance.now() - t0;
  const byName = new Map();
  for (const k of calls) {
    const entry = byName.get(k.name) ?? { calls: 0, ms: 0, wallMs: 0, flops: 0 };
    entry.calls += 1;
    entry.ms += k.cpuMs;
    entry.wallMs += k.wallMs;
    entry.flops += k.outputShapes ? kernelFlops(k.name, k.inputShapes, k.outputShapes) : 0;
    byName.set(k.name, entry);
  }
  const total = [...byName.values()].reduce((s, e) => s + e.ms, 0);
  const kernels = [...byName]
    .sort((a, b) => b[1].ms - a[1].ms)
    .map(([name, e]) => ({
      name,
      calls: e.calls,
      ms: +e.ms.toFixed(2),
      wallMs: +e.wallMs.toFixed(2),
      share: +(e.ms / total).toFixed(3),
      gflops: e.flops > 0 ? +(e.flops / 1e9).toFixed(3) : null,
      gflopsPerSec: e.flops > 0 && e.ms > 0 ? +(e.flops / 1e6 / e.ms).toFixed(1) : null,
    }));
  return {
    kernelCalls: calls.length,
    totalKernelMs: +total.toFixed(1),
    // Wall time of the profiled steps (profiling adds work, so this overstates a step).
    stepWallMs: +wallMs.toFixed(1),
    kernels,
    calls: calls.map((k) => ({ name: k.name, ms: +k.cpuMs.toFixed(2), inputShapes: k.inputShapes, outputShapes: k.outputShapes })),
  };
}

/** The profile as a Markdown table. */
export function profileTable({ kernels, totalKernelMs, kernelCalls }) {
  const rows = kernels.map(
    (k) => `| ${k.name} | ${k.calls} | ${k.ms.toFixed(1)} | ${(k.share * 100).toFixed(1)} % | ${k.gflopsPerSec ?? ''} |`,
  );
  return [
    `kernel time ${totalKernelMs} ms (process CPU on cpu/wasm) in ${kernelCalls} kernel calls`,
    '| kernel | calls | ms | share | GFLOP/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
