/**
 * Bounds on the shape of untrusted input, measured before validation so that a deeply nested or huge
 * document is refused with a finding instead of exhausting the stack or the time budget.
 */

/** What is wrong with the input's shape, or undefined when it is within bounds. */
export type BoundsViolation = { readonly kind: 'depth'; readonly path: string } | { readonly kind: 'size'; readonly path: string };

/** Walks `value` iteratively; reports the first node deeper than `maxDepth` or beyond `maxNodes`. */
export function checkBounds(value: unknown, maxDepth: number, maxNodes: number): BoundsViolation | undefined {
  const stack: { v: unknown; depth: number; path: string }[] = [{ v: value, depth: 0, path: '' }];
  let nodes = 0;
  while (stack.length > 0) {
    const { v, depth, path } = stack.pop() as { v: unknown; depth: number; path: string };
    if (++nodes > maxNodes) return { kind: 'size', path };
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) return { kind: 'depth', path };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], depth: depth + 1, path: `${path}/${i}` });
    } else {
      for (const [k, c] of Object.entries(v)) stack.push({ v: c, depth: depth + 1, path: `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}` });
    }
  }
  return undefined;
}
