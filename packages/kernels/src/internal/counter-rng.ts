/**
 * A counter-based random bit generator: the bits of element `i` of a stream are a pure
 * function of (key, i), so a GPU thread computes its own element without state and
 * every backend produces the same bits. The hash is PCG's RXS-M-XS output permutation
 * ("Hash Functions for GPU Rendering", Jarzynski & Olano 2020), a bijection on u32:
 * bits(key, i) = pcg(pcg(i) ^ key), with key = pcg(pcg(seed) + 0x9e3779b9).
 */

/** PCG RXS-M-XS hash of a u32, in 32-bit integer arithmetic (same bits as {@link WGSL_PCG}). */
export function pcgHash(v: number): number {
  const state = (Math.imul(v, 747796405) + 2891336453) >>> 0;
  const word = Math.imul((state >>> ((state >>> 28) + 4)) ^ state, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The stream key of a seed (any integer; taken modulo 2^32). */
export function streamKey(seed: number): number {
  // Not pcg(seed) itself: bits(key, i) would then be symmetric in seed and i.
  return pcgHash((pcgHash(seed >>> 0) + 0x9e3779b9) >>> 0);
}

/** The 32 random bits of element `index` of the stream `key`. */
export function counterBits(key: number, index: number): number {
  return pcgHash((pcgHash(index) ^ key) >>> 0);
}

/** 2^-24: uniform floats are the top 24 bits of a word times this (exact in float32). */
export const UNIFORM_UNIT = 1 / 16777216;

/** WGSL of {@link pcgHash} and {@link counterBits}. */
export const WGSL_PCG = `
fn gfPcg(v : u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}
fn gfCounterBits(key : u32, index : u32) -> u32 {
  return gfPcg(gfPcg(index) ^ key);
}
`;

/** A fresh seed in [0, 2^32) from Math.random, for unseeded calls. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 4294967296) >>> 0;
}

/**
 * The keep threshold of dropout at `rate`: an element is kept when the top 24 bits of its
 * word are >= this (so P(keep) = 1 - threshold / 2^24, within 2^-24 of 1 - rate), exactly
 * like tfjs's `floor(u + 1 - rate)` test with u = bits * 2^-24.
 */
export function dropoutThreshold(rate: number): number {
  return Math.min(16777216, Math.ceil(rate * 16777216));
}

/** The float32 scale of kept elements, 1 / (1 - rate) as tfjs computes it. */
export function dropoutScale(rate: number): number {
  return Math.fround(1 / Math.fround(1 - rate));
}
