/** Formats a shape like `[28, 28, 1]` (null as `?`) for error messages. */
export function formatShape(shape: readonly (number | null | undefined)[]): string {
  return `[${shape.map((d) => (d == null ? '?' : String(d))).join(', ')}]`;
}

/** Formats any option value for an error message. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v)).join(', ')}]`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
