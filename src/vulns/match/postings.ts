/**
 * The index's bookkeeping, all in integers: which records and assets share a key (posting lists),
 * which pairs have a finding or an undecided comparison (in both directions, so that removing a
 * record or an asset touches only its own pairs), and a stamp array to visit each candidate once
 * without building a set per query.
 */

/** Sets of members (record slots or asset refs) by key id. */
export class Postings {
  readonly #lists: (Set<number> | undefined)[] = [];

  /** Files `member` under each of `keys`. */
  add(keys: readonly number[], member: number): void {
    for (const key of keys) {
      let list = this.#lists[key];
      if (list === undefined) {
        list = new Set();
        this.#lists[key] = list;
      }
      list.add(member);
    }
  }

  /** Takes `member` out of each of `keys`. */
  remove(keys: readonly number[], member: number): void {
    for (const key of keys) {
      const list = this.#lists[key];
      list?.delete(member);
      if (list?.size === 0) this.#lists[key] = undefined;
    }
  }

  /** The members filed under `key`. */
  get(key: number): ReadonlySet<number> | undefined {
    return this.#lists[key];
  }
}

/**
 * Pairs (asset ref, record slot), findable from either side: for each side a plain array of
 * partners (small integers, so V8 stores them unboxed), far lighter than a set per asset and per
 * record. The index adds each pair once (it removes a record's or an asset's pairs before
 * evaluating it again), so adding does not look for duplicates.
 */
export class PairSet {
  readonly #byAsset: (number[] | undefined)[] = [];
  readonly #byRecord: (number[] | undefined)[] = [];
  #size = 0;

  /** Adds the pair, which must not be there already. */
  add(ref: number, slot: number): void {
    push(this.#byAsset, ref, slot);
    push(this.#byRecord, slot, ref);
    this.#size++;
  }

  /** Record slots paired with asset `ref`. */
  slotsOf(ref: number): readonly number[] {
    return this.#byAsset[ref] ?? EMPTY;
  }

  /** Asset refs paired with record `slot`. */
  refsOf(slot: number): readonly number[] {
    return this.#byRecord[slot] ?? EMPTY;
  }

  /** Removes every pair of asset `ref`. */
  removeAsset(ref: number): void {
    this.#size -= unlink(this.#byAsset, this.#byRecord, ref);
  }

  /** Removes every pair of record `slot`. */
  removeRecord(slot: number): void {
    this.#size -= unlink(this.#byRecord, this.#byAsset, slot);
  }

  /** Number of pairs. */
  get size(): number {
    return this.#size;
  }
}

const EMPTY: readonly number[] = [];

function push(side: (number[] | undefined)[], id: number, partner: number): void {
  const list = side[id];
  if (list === undefined) side[id] = [partner];
  else list.push(partner);
}

/** Drops `id` from `side` and from each of its partners' lists in `other`; returns how many pairs went. */
function unlink(side: (number[] | undefined)[], other: (number[] | undefined)[], id: number): number {
  const partners = side[id];
  if (partners === undefined) return 0;
  for (const partner of partners) {
    const back = other[partner];
    if (back === undefined) continue;
    const at = back.indexOf(id);
    // Order does not matter: the last entry takes the removed one's place.
    back[at] = back[back.length - 1] as number;
    back.pop();
    if (back.length === 0) other[partner] = undefined;
  }
  side[id] = undefined;
  return partners.length;
}

/** Marks ids as visited for one query; a new query is a new epoch, so nothing is cleared. */
export class Visited {
  #marks = new Uint32Array(1024);
  #epoch = 0;

  /** Starts a new query. */
  next(): void {
    this.#epoch++;
    if (this.#epoch === 0xffffffff) {
      this.#marks.fill(0);
      this.#epoch = 1;
    }
  }

  /** Marks `id` as seen in this query. */
  mark(id: number): void {
    this.first(id);
  }

  /** True when `id` has been seen in this query. */
  has(id: number): boolean {
    return this.#marks[id] === this.#epoch;
  }

  /** True the first time `id` is seen in this query. */
  first(id: number): boolean {
    if (id >= this.#marks.length) {
      const grown = new Uint32Array(Math.max(id + 1, this.#marks.length * 2));
      grown.set(this.#marks);
      this.#marks = grown;
    }
    if (this.#marks[id] === this.#epoch) return false;
    this.#marks[id] = this.#epoch;
    return true;
  }
}

/**
 * Orders CVE ids by year, then number (`CVE-2024-999` before `CVE-2024-1000`).
 *
 * @example
 * ```ts
 * ['CVE-2024-1000', 'CVE-2024-999'].sort(compareCveIds); // ['CVE-2024-999', 'CVE-2024-1000']
 * ```
 */
export function compareCveIds(a: string, b: string): number {
  // `CVE-` and the year are the first 8 characters; past 4 digits, numbers have no leading zero.
  for (let i = 4; i < 8; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
