/**
 * Bounds on the shape of untrusted input, measured before validation so that a deeply nested or huge
 * document is refused with a finding instead of exhausting the stack or the time budget.
 */
import { childPath } from './finding.js';

/** What is wrong with the input's shape. */
export interface BoundsViolation {
  readonly kind: 'depth' | 'size';
  /** JSON Pointer of the first value beyond the bound. */
  readonly path: string;
}

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  readonly path: string;
}

/**
 * Walks `value` iteratively (no recursion, so no stack overflow) and reports the first container
 * nested deeper than `maxDepth`, or the point where the count of JSON values passes `maxNodes`.
 * Children are counted before they are visited, so an oversized list is refused at once.
 */
export function checkBounds(value: unknown, maxDepth: number, maxNodes: number): BoundsViolation | undefined {
  const stack: Frame[] = [{ value, depth: 0, path: '' }];
  let nodes = 1;
  while (stack.length > 0) {
    const { value: v, depth, path } = stack.pop() as Frame;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return { kind: 'depth', path };
    const count = Array.isArray(v) ? v.length : Object.keys(v).length;
    if (nodes + count > maxNodes) return { kind: 'size', path };
    nodes += count;
    const entries: Iterable<[string | number, unknown]> = Array.isArray(v) ? v.entries() : Object.entries(v);
    for (const [k, c] of entries) if (typeof c === 'object' && c !== null) stack.push({ value: c, depth: depth + 1, path: childPath(path, k) });
  }
  return undefined;
}
