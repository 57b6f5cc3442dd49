/**
 * Watches the flow records for traffic that reaches an operator's registered asset from outside the
 * operator's own networks, and remembers on which destination ports (TCP and UDP) it arrived. The
 * priority of a finding counts an asset that is reachable from outside on its service's port
 * (`vulns/priority`): that is the exposure an attacker uses.
 *
 * Hot path (every flow record): the destination address is looked up in an open-addressing table
 * of the assets' addresses (four 32-bit words, no string keys, no allocation); only a hit checks
 * the source against the organisation's prefixes and records the port in fixed-size per-asset
 * slots. Only host addresses of assets are watched; a prefix written as an asset's address is not
 * (it names a network, not the computer).
 */
import { type AddressWords, type Prefix, tryParseAddress } from '../../core/ip.js';
import type { FlowBatch } from '../../flow/flow-batch.js';
import type { FlowConsumer } from '../../flow/consumer.js';

/** Distinct ports remembered per asset; more are dropped until one ages out (the oldest is replaced). */
export const PORTS_PER_ASSET = 16;

/** An asset to watch: its slot (dense, chosen by the caller), host addresses and its organisation's prefixes. */
export interface WatchedAsset {
  readonly slot: number;
  readonly addresses: readonly string[];
  /** The organisation's protected networks: traffic from inside them is not "from outside". */
  readonly internal: readonly Prefix[];
}

const EMPTY = -1;

/** The flow consumer that records inbound ports per watched asset. */
export class ExposureObserver implements FlowConsumer {
  readonly name = 'exposure';
  #keys = new Uint32Array(0);
  #values = new Int32Array(0);
  #mask = 0;
  #internal: (readonly Prefix[])[] = [];
  #ports = new Uint16Array(0);
  #lastSeen = new Float64Array(0);
  #count = new Uint8Array(0);

  /**
   * Replaces the watched assets. Observations of a slot are kept when the same slot is watched
   * again (the caller keeps slots stable across refreshes), and cleared for slots no longer used.
   */
  watch(assets: readonly WatchedAsset[]): void {
    const slots = assets.reduce((m, a) => Math.max(m, a.slot + 1), 0);
    this.#growSlots(slots);
    const addresses: { words: AddressWords; slot: number }[] = [];
    const internal: (readonly Prefix[])[] = new Array(slots).fill([]);
    const used = new Uint8Array(slots);
    for (const a of assets) {
      used[a.slot] = 1;
      internal[a.slot] = a.internal;
      for (const text of a.addresses) {
        if (text.includes('/')) continue;
        const words = tryParseAddress(text);
        if (words !== undefined) addresses.push({ words, slot: a.slot });
      }
    }
    for (let s = 0; s < slots; s++) if (used[s] === 0) this.#count[s] = 0;
    this.#internal = internal;
    this.#buildTable(addresses);
  }

  /** Records the inbound ports of watched assets in `batch`. */
  consume(batch: FlowBatch): void {
    if (this.#mask === 0) return;
    const dst = batch.dstAddr;
    const src = batch.srcAddr;
    for (let i = 0; i < batch.length; i++) {
      const proto = batch.protocol[i];
      if (proto !== 6 && proto !== 17) continue;
      const slot = this.#lookup(dst, i * 4);
      if (slot === EMPTY || this.#fromInside(slot, src, i * 4)) continue;
      this.#record(slot, batch.dstPort[i] ?? 0, batch.endMs[i] ?? 0);
    }
  }

  /** Ports on which the asset in `slot` received traffic from outside since `sinceMs`, ascending; undefined when unwatched. */
  inboundPorts(slot: number, sinceMs: number): number[] | undefined {
    if (slot >= this.#count.length || this.#internal[slot] === undefined) return undefined;
    const ports: number[] = [];
    const base = slot * PORTS_PER_ASSET;
    for (let k = 0; k < (this.#count[slot] ?? 0); k++) if ((this.#lastSeen[base + k] ?? 0) >= sinceMs) ports.push(this.#ports[base + k] ?? 0);
    return ports.sort((a, b) => a - b);
  }

  #record(slot: number, port: number, at: number): void {
    const base = slot * PORTS_PER_ASSET;
    const n = this.#count[slot] ?? 0;
    let oldest = 0;
    for (let k = 0; k < n; k++) {
      if (this.#ports[base + k] === port) {
        if ((this.#lastSeen[base + k] ?? 0) < at) this.#lastSeen[base + k] = at;
        return;
      }
      if ((this.#lastSeen[base + k] ?? 0) < (this.#lastSeen[base + oldest] ?? 0)) oldest = k;
    }
    const k = n < PORTS_PER_ASSET ? n : oldest;
    if (n < PORTS_PER_ASSET) this.#count[slot] = n + 1;
    this.#ports[base + k] = port;
    this.#lastSeen[base + k] = at;
  }

  #fromInside(slot: number, words: Uint32Array, at: number): boolean {
    for (const p of this.#internal[slot] ?? []) if (contains(p, words, at)) return true;
    return false;
  }

  #lookup(words: Uint32Array, at: number): number {
    const a = words[at] ?? 0;
    const b = words[at + 1] ?? 0;
    const c = words[at + 2] ?? 0;
    const d = words[at + 3] ?? 0;
    let h = hash(a, b, c, d) & this.#mask;
    for (;;) {
      const v = this.#values[h] ?? EMPTY;
      if (v === EMPTY) return EMPTY;
      const k = h * 4;
      if (this.#keys[k] === a && this.#keys[k + 1] === b && this.#keys[k + 2] === c && this.#keys[k + 3] === d) return v;
      h = (h + 1) & this.#mask;
    }
  }

  #buildTable(entries: readonly { words: AddressWords; slot: number }[]): void {
    if (entries.length === 0) {
      this.#mask = 0;
      return;
    }
    let size = 16;
    while (size < entries.length * 2) size *= 2;
    this.#keys = new Uint32Array(size * 4);
    this.#values = new Int32Array(size).fill(EMPTY);
    this.#mask = size - 1;
    for (const e of entries) {
      const [a, b, c, d] = e.words;
      let h = hash(a, b, c, d) & this.#mask;
      while (this.#values[h] !== EMPTY) h = (h + 1) & this.#mask;
      this.#keys.set(e.words, h * 4);
      this.#values[h] = e.slot;
    }
  }

  #growSlots(slots: number): void {
    if (slots <= this.#count.length) return;
    const ports = new Uint16Array(slots * PORTS_PER_ASSET);
    const lastSeen = new Float64Array(slots * PORTS_PER_ASSET);
    const count = new Uint8Array(slots);
    ports.set(this.#ports);
    lastSeen.set(this.#lastSeen);
    count.set(this.#count);
    this.#ports = ports;
    this.#lastSeen = lastSeen;
    this.#count = count;
  }
}

function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ d ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Whether the address at `words[at…at+3]` lies in `p`, without allocating. */
function contains(p: Prefix, words: Uint32Array, at: number): boolean {
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, p.length - k * 32));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if (((words[at + k] ?? 0) & mask) >>> 0 !== (p.words[k] ?? 0)) return false;
  }
  return true;
}
