import type { ConfigDifference } from '../errors';

const isPlainObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Every field whose JSON differs between two configurations, sorted by path. Objects are
 * compared key by key; anything else (numbers, strings, arrays such as shapes, an object
 * against null) is one field.
 */
export function diffConfigs(checkpoint: unknown, current: unknown): ConfigDifference[] {
  const out: ConfigDifference[] = [];
  const visit = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) visit(a[key], b[key], path ? `${path}.${key}` : key);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      out.push({ field: path, checkpoint: a, current: b });
    }
  };
  visit(JSON.parse(JSON.stringify(checkpoint ?? {})), JSON.parse(JSON.stringify(current ?? {})), '');
  return out;
}
