/** `rank 3 [28, 28, 1]`: a shape as the messages of this package state it. */
export function describeShape(shape: readonly number[]): string {
  return `rank ${shape.length} [${shape.join(', ')}]`;
}
