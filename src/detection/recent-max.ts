/**
 * The largest value seen per index over the last {@link LAG_SECONDS} closed seconds: per protected
 * network, the lag of the exporters that carried its traffic lately (`exporter-lag.ts`), so that a
 * detection waits for every exporter that carries its target — also one whose records of the
 * attack have not arrived yet.
 *
 * Pure: no I/O.
 */

/** Seconds of per-second maxima kept. */
export const LAG_SECONDS = 16;

/** Recent maxima per index. */
export class RecentMax {
  /** Largest value of each index over the last {@link LAG_SECONDS} seconds, this one included. */
  lagMs = new Float64Array(16);
  #current = new Float64Array(16);
  #ring = new Float64Array(16 * LAG_SECONDS);
  #second = -1;

  /** Makes room for index `i`. */
  ensure(i: number): void {
    if (i < this.lagMs.length) return;
    const n = Math.max(i + 1, this.lagMs.length * 2);
    const grow = (a: Float64Array, per: number): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(n * per);
      b.set(a);
      return b;
    };
    this.lagMs = grow(this.lagMs, 1);
    this.#current = grow(this.#current, 1);
    this.#ring = grow(this.#ring, LAG_SECONDS);
  }

  /** Notes value `lagMs` for index `e`. */
  observe(e: number, lagMs: number): void {
    if (lagMs > this.#current[e]!) this.#current[e] = lagMs;
    if (lagMs > this.lagMs[e]!) this.lagMs[e] = lagMs;
  }

  /** Closes the seconds before `second` (epoch seconds) and forgets those more than {@link LAG_SECONDS} back. */
  advance(second: number): void {
    const prev = this.#second;
    if (second <= prev) return;
    this.#second = second;
    if (prev < 0) return;
    const n = this.lagMs.length;
    // The seconds from the one that closed (it keeps its maxima) up to `second` (they saw nothing),
    // as far back as the ring reaches.
    const gap = Math.min(second - prev, LAG_SECONDS);
    for (let k = 1; k <= gap; k++) {
      const t = second - k;
      const slot = t % LAG_SECONDS;
      for (let e = 0; e < n; e++) this.#ring[e * LAG_SECONDS + slot] = t === prev ? this.#current[e]! : 0;
    }
    this.#current.fill(0);
    for (let e = 0; e < n; e++) {
      let m = 0;
      for (let s = 0; s < LAG_SECONDS; s++) if (this.#ring[e * LAG_SECONDS + s]! > m) m = this.#ring[e * LAG_SECONDS + s]!;
      this.lagMs[e] = m;
    }
  }

  /** Moves row `i` to `map[i]` (dropped when -1) for `size` rows: the protected networks were renumbered. */
  remap(map: Int32Array, size: number): void {
    const lag = new Float64Array(Math.max(16, size));
    const current = new Float64Array(lag.length);
    const ring = new Float64Array(lag.length * LAG_SECONDS);
    for (let i = 0; i < map.length && i < this.lagMs.length; i++) {
      const j = map[i]!;
      if (j < 0 || j >= lag.length) continue;
      lag[j] = this.lagMs[i]!;
      current[j] = this.#current[i]!;
      ring.set(this.#ring.subarray(i * LAG_SECONDS, (i + 1) * LAG_SECONDS), j * LAG_SECONDS);
    }
    this.lagMs = lag;
    this.#current = current;
    this.#ring = ring;
  }
}
