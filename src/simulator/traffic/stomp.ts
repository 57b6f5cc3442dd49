/**
 * The TCP connection flood Mirai calls "stomp": bots complete real handshakes with the target and
 * then push floods of ACK/PSH segments over those established connections, so the flood rides on
 * flows that look legitimate to a stateful filter. Each connection is one long flow; its packets
 * are aggregated per tick into one row.
 *
 * Pure: no I/O.
 */
import type { SourceSet } from './address-pool.js';
import { EPHEMERAL_HIGH, EPHEMERAL_LOW } from './model.js';
import { Frag, RowFlags, type PacketBatch } from './packet-batch.js';
import { fromSet, type VectorContext } from './vectors.js';

/** Connections per attack; Mirai opens a handful per bot, a tick's budget spreads over these. */
const MAX_CONNECTIONS = 2048;

/** Connection-flood state of one attack occurrence. */
export class StompFlood {
  readonly #n: number;
  readonly #src: Uint32Array;
  readonly #dst: Uint32Array;
  readonly #sport: Uint16Array;
  readonly #dport: Uint16Array;
  readonly #ttl: Uint8Array;
  #established = false;
  #next = 0;

  constructor(bots: SourceSet) {
    this.#n = Math.min(MAX_CONNECTIONS, bots.size);
    this.#src = new Uint32Array(this.#n * 4);
    this.#dst = new Uint32Array(this.#n * 4);
    this.#sport = new Uint16Array(this.#n);
    this.#dport = new Uint16Array(this.#n);
    this.#ttl = new Uint8Array(this.#n);
  }

  /** Forgets the connections (a new occurrence connects afresh). */
  reset(): void {
    this.#established = false;
  }

  /** Emits about `n` packets towards the target in `[from, from + span)`; returns packets sent to the target. */
  emit(c: VectorContext, bots: SourceSet, out: PacketBatch, n: number, from: number, span: number): number {
    let sent = 0;
    if (!this.#established) {
      sent += this.#connect(c, bots, out, from, span);
      this.#established = true;
    }
    const len = Math.max(40, c.packetSize ?? 808) + (c.fam === 6 ? 20 : 0);
    const per = Math.floor(n / this.#n);
    let extra = n - per * this.#n;
    for (let k = 0; k < this.#n; k++) {
      const conn = (this.#next + k) % this.#n;
      let count = per;
      if (extra > 0) {
        count++;
        extra--;
      }
      if (count === 0) break;
      const i = this.#row(c, out, conn, from, len, false);
      out.count[i] = count;
      out.spanMs[i] = span;
      out.tcpFlags[i] = 0x18;
      sent += count;
    }
    this.#next = (this.#next + (n % this.#n)) % this.#n;
    return sent;
  }

  /** Three-way handshakes (RFC 9293 §3.5) of every connection; returns packets sent to the target. */
  #connect(c: VectorContext, bots: SourceSet, out: PacketBatch, from: number, span: number): number {
    const rng = c.rng;
    for (let k = 0; k < this.#n; k++) {
      const t = from + rng.float() * Math.min(span, 500);
      const i = fromSet(c, bots, out, t, 6, 60);
      this.#src.set(out.src.subarray(i * 4, i * 4 + 4), k * 4);
      this.#dst.set(out.dst.subarray(i * 4, i * 4 + 4), k * 4);
      this.#sport[k] = rng.range(EPHEMERAL_LOW, EPHEMERAL_HIGH);
      this.#dport[k] = c.ports === undefined ? 80 : c.ports[rng.int(c.ports.length)]!;
      this.#ttl[k] = out.ttl[i]!;
      out.srcPort[i] = this.#sport[k]!;
      out.dstPort[i] = this.#dport[k]!;
      out.tcpFlags[i] = 0x02;
      out.frag[i] = Frag.DontFragment;
      const fam6 = c.fam === 6 ? 20 : 0;
      out.tcpFlags[this.#row(c, out, k, t + 1, 60 + fam6, true)] = 0x12;
      out.tcpFlags[this.#row(c, out, k, t + 2, 40 + fam6, false)] = 0x10;
    }
    return this.#n * 2;
  }

  #row(c: VectorContext, out: PacketBatch, k: number, t: number, ipLen: number, fromTarget: boolean): number {
    const i = out.add(t, c.fam, 6, ipLen, c.net, c.origin);
    if (fromTarget) {
      out.setAddresses(i, this.#dst, k * 4, this.#src, k * 4);
      out.srcPort[i] = this.#dport[k]!;
      out.dstPort[i] = this.#sport[k]!;
      out.flags[i] = RowFlags.Outbound;
    } else {
      out.setAddresses(i, this.#src, k * 4, this.#dst, k * 4);
      out.srcPort[i] = this.#sport[k]!;
      out.dstPort[i] = this.#dport[k]!;
      out.ttl[i] = this.#ttl[k]!;
      out.frag[i] = Frag.DontFragment;
    }
    return i;
  }
}
