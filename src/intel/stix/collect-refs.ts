/**
 * Every reference an object makes: the values of properties named `*_ref` (one id) or `*_refs` (a
 * list of ids) at any depth — relationship `source_ref`/`target_ref`, sighting refs, report
 * `object_refs`, granular `marking_ref`s, SCO refs inside extensions — so the store can answer
 * "what points at this object" as well as "what does it point at".
 */

/** One reference: the JSON pointer of the value (list items included) and the id it names. */
export interface StixRef {
  readonly path: string;
  readonly target: string;
}

function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Lists the references of `object`, walking it iteratively (validated input is bounded in depth
 * already, but no recursion keeps that independent of the caller).
 *
 * @example
 * ```ts
 * collectRefs({ type: 'relationship', source_ref: 'indicator--…', target_ref: 'malware--…', … });
 * // [{ path: '/source_ref', target: 'indicator--…' }, { path: '/target_ref', target: 'malware--…' }]
 * ```
 */
export function collectRefs(object: Readonly<Record<string, unknown>>): StixRef[] {
  const out: StixRef[] = [];
  const stack: [unknown, string][] = [[object, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}/${i}`]);
      continue;
    }
    const nested: [unknown, string][] = [];
    for (const [key, child] of Object.entries(value)) {
      const at = `${path}/${escapePointer(key)}`;
      if (key.endsWith('_ref') && typeof child === 'string') out.push({ path: at, target: child });
      else if (key.endsWith('_refs') && Array.isArray(child)) {
        child.forEach((t, j) => {
          if (typeof t === 'string') out.push({ path: `${at}/${j}`, target: t });
        });
      } else nested.push([child, at]);
    }
    // Reversed so the stack visits nested values in document order.
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i] as [unknown, string]);
  }
  return out;
}
