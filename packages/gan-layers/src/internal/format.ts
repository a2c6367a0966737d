/** Formats a shape like `[28, 28, 1]` (null as `?`) for error messages. */
export function formatShape(shape: readonly (number | null | undefined)[]): string {
  return `[${shape.map((d) => (d == null ? '?' : String(d))).join(', ')}]`;
}
