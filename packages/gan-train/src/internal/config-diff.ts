import type { ConfigDifference } from '../errors';

function isLeaf(value: unknown): boolean {
  return value === null || typeof value !== 'object' || (Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object'));
}

/** Flattens JSON into dotted paths; arrays of primitives (shapes) stay whole. */
export function flatten(value: unknown, prefix = '', out: Map<string, unknown> = new Map()): Map<string, unknown> {
  if (isLeaf(value)) {
    out.set(prefix, value);
    return out;
  }
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) out.set(prefix, Array.isArray(value) ? [] : {});
  for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

/** Every field whose JSON differs between two configurations, sorted by path. */
export function diffConfigs(checkpoint: unknown, current: unknown): ConfigDifference[] {
  const a = flatten(JSON.parse(JSON.stringify(checkpoint ?? {})));
  const b = flatten(JSON.parse(JSON.stringify(current ?? {})));
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort();
  return fields
    .filter((field) => JSON.stringify(a.get(field)) !== JSON.stringify(b.get(field)))
    .map((field) => ({ field, checkpoint: a.get(field), current: b.get(field) }));
}
