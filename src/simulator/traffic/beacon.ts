/**
 * Low-rate C2 beaconing from one infected host inside a protected network to its command servers
 * (MirrorFace's NOOPDOOR/LODEINFO style: raw TCP on a non-standard port, one short connection every
 * interval with jitter). Each beacon is a complete small TCP exchange: handshake, a request, a
 * reply, FIN both ways. The model records every beacon for the ground truth.
 *
 * Pure: no I/O.
 */
import type { Rng } from '../random.js';
import type { BeaconSpec } from '../scenario-types.js';
import { EPHEMERAL_HIGH, EPHEMERAL_LOW, type TrafficModel } from './model.js';
import { RowFlags, type PacketBatch } from './packet-batch.js';

/** Ground truth of one beacon connection. */
export interface BeaconEvent {
  readonly timeMs: number;
  /** Index into the spec's C2 list. */
  readonly c2: number;
  readonly sourcePort: number;
}

/** The beacon model. */
export class BeaconModel implements TrafficModel {
  readonly spec: BeaconSpec;
  readonly events: BeaconEvent[] = [];
  packets = 0;
  bytes = 0;
  readonly #rng: Rng;
  readonly #origin: number;
  readonly #baseMs: number;
  readonly #cycleMs: number;
  readonly #c2 = new Uint32Array(4);
  readonly #host = new Uint32Array(4);
  #nextMs: number;

  constructor(spec: BeaconSpec, rng: Rng, baseMs: number, cycleMs: number, origin: number) {
    this.spec = spec;
    this.#rng = rng;
    this.#origin = origin;
    this.#baseMs = baseMs;
    // A beacon with a finite window repeats with the scenario; an open-ended one simply continues.
    this.#cycleMs = Number.isFinite(spec.durationMs) ? cycleMs : Number.POSITIVE_INFINITY;
    this.#host.set(spec.host);
    this.#nextMs = baseMs + spec.startMs + rng.float() * spec.intervalMs;
  }

  generate(fromMs: number, toMs: number, out: PacketBatch): void {
    while (this.#nextMs < toMs) {
      const t = this.#nextMs;
      if (t >= fromMs && this.#active(t)) this.#beacon(t, out);
      const j = this.spec.jitter;
      this.#nextMs = t + this.spec.intervalMs * (1 + j * (2 * this.#rng.float() - 1));
    }
  }

  #active(t: number): boolean {
    let local = t - this.#baseMs;
    if (Number.isFinite(this.#cycleMs)) local %= this.#cycleMs;
    return local >= this.spec.startMs && local < this.spec.startMs + this.spec.durationMs;
  }

  #beacon(t: number, out: PacketBatch): void {
    const rng = this.#rng;
    const s = this.spec;
    const c2 = rng.int(s.c2.length);
    this.#c2.set(s.c2[c2]!.words);
    const sport = rng.range(EPHEMERAL_LOW, EPHEMERAL_HIGH);
    this.events.push({ timeMs: t, c2, sourcePort: sport });
    const rtt = rng.range(60, 250);
    const extra = s.family === 6 ? 20 : 0;
    const seg = (dt: number, outbound: boolean, flags: number, ipLen: number): void => {
      const i = out.add(t + dt, s.family, 6, ipLen + extra, s.network, this.#origin);
      if (outbound) {
        out.setAddresses(i, this.#host, 0, this.#c2, 0);
        out.srcPort[i] = sport;
        out.dstPort[i] = s.port;
        out.flags[i] = RowFlags.Outbound;
      } else {
        out.setAddresses(i, this.#c2, 0, this.#host, 0);
        out.srcPort[i] = s.port;
        out.dstPort[i] = sport;
        out.ttl[i] = 47;
      }
      out.tcpFlags[i] = flags;
      this.packets++;
      this.bytes += ipLen + extra;
    };
    seg(0, true, 0x02, 60);
    seg(rtt / 2, false, 0x12, 60);
    seg(rtt, true, 0x10, 52);
    seg(rtt + 1, true, 0x18, 52 + rng.range(64, 320));
    seg(rtt * 1.5 + 1, false, 0x18, 52 + rng.range(32, 160));
    seg(rtt * 2, true, 0x11, 52);
    seg(rtt * 2.5, false, 0x11, 52);
    seg(rtt * 3, true, 0x10, 52);
  }
}
