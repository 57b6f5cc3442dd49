/** A total and its breakdown by key, as the transparency report's figures are given. */

/** A total and its breakdown. */
export interface Counted {
  readonly total: number;
  readonly by: Readonly<Record<string, number>>;
}

/**
 * Sums grouped count rows into a {@link Counted}; every key of `keys` appears (as 0 when absent),
 * and a null key counts as `unknown`.
 */
export function counted(rows: readonly { key: string | null; n: number | string | bigint }[], keys: readonly string[]): Counted {
  const by: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  let total = 0;
  for (const r of rows) {
    const n = Number(r.n);
    by[r.key ?? 'unknown'] = (by[r.key ?? 'unknown'] ?? 0) + n;
    total += n;
  }
  return { total, by };
}
