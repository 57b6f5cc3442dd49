/**
 * A simulation: the scenario clock advancing tick by tick; each tick the traffic models produce
 * the true packets, each packet is routed to one exporter carrying its protected network (several
 * exporters of one network share traffic by a flow hash, like ECMP border routers), and the
 * exporters emit the datagrams they send by the end of the tick. Everything is determined by the
 * scenario and its seed.
 *
 * Pure: produces datagrams; sending or writing them is `run.ts`.
 *
 * @example
 * ```ts
 * const sim = createSimulation(parseScenario(text, 'x.yaml'), { durationS: 60 });
 * for (const d of sim.datagrams()) collector.ingest(d.kind, d.payload, sim.exporters[d.exporter]!.address, d.timeMs);
 * const truth = sim.truth();
 * ```
 */
import type { SimDatagram } from './datagram.js';
import { createExporter } from './exporter/create-exporter.js';
import type { ExporterModel, ExporterSpec, ExporterStats } from './exporter/exporter.js';
import { buildGroundTruth, type GroundTruth } from './ground-truth.js';
import { mix32, Rng } from './random.js';
import { ERR_SIMULATION_OPTIONS } from './scenario-errors.js';
import { exportersByNetwork } from './scenario-resolve.js';
import type { Scenario } from './scenario-types.js';
import { AttackModel } from './traffic/attack.js';
import { BackgroundModel } from './traffic/background.js';
import { BeaconModel } from './traffic/beacon.js';
import type { TrafficModel } from './traffic/model.js';
import { NO_NETWORK, PacketBatch } from './traffic/packet-batch.js';
import { TrafficMeter, type MeteredPrefix } from './traffic-meter.js';
import type { Prefix } from '../core/ip.js';

/** Options of {@link createSimulation}. */
export interface SimulationOptions {
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Run length in seconds; required for a repeating scenario that should end. */
  readonly durationS?: number;
  /** Overrides the scenario start (ms since epoch). */
  readonly startMs?: number;
  /** Prefixes whose true packets per second are counted (see {@link Simulation.metered}). */
  readonly meter?: readonly Prefix[];
}

/** Running totals of a simulation. */
export interface SimulationStats {
  ticks: number;
  /** True packets generated (all origins). */
  packets: number;
  benignPackets: number;
  benignBytes: number;
  /** Packets no exporter could carry (a network without exporters, or IPv6 where only NetFlow v5 is exported); dropped. */
  unrouted: number;
  datagrams: number;
  datagramBytes: number;
}

/** A running simulation. */
export interface Simulation {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly startMs: number;
  /** End of the run; Infinity for an endless repeating scenario. */
  readonly endMs: number;
  /** Scenario time reached so far. */
  readonly nowMs: number;
  readonly done: boolean;
  readonly exporters: readonly ExporterSpec[];
  /** Advances one tick; returns the datagrams sent in it, in time order (after the last tick: the final flush). */
  step(): SimDatagram[];
  /** Ends the run now: exporters flush everything they hold; returns those datagrams. */
  stop(): SimDatagram[];
  /** Names of the attacks under way at the current scenario time. */
  activeAttacks(): string[];
  /** Every remaining datagram, in time order. */
  datagrams(): Generator<SimDatagram, void, undefined>;
  /** Ground truth up to now. */
  truth(): GroundTruth;
  readonly stats: Readonly<SimulationStats>;
  /** Per-exporter counters, by exporter index. */
  exporterStats(): readonly Readonly<ExporterStats>[];
  /** True packets per second towards each prefix of `options.meter`, as carried by an exporter. */
  metered(): MeteredPrefix[];
}

/** Creates a simulation of `scenario`. */
export function createSimulation(scenario: Scenario, options: SimulationOptions = {}): Simulation {
  const seed = options.seed ?? scenario.seed;
  const startMs = options.startMs ?? scenario.startMs;
  if (options.durationS !== undefined && !(options.durationS > 0)) throw new ERR_SIMULATION_OPTIONS('duration must be a positive number of seconds');
  const endMs = options.durationS !== undefined ? startMs + options.durationS * 1000 : scenario.repeat ? Number.POSITIVE_INFINITY : startMs + scenario.durationMs;
  const shift = startMs - scenario.startMs;
  const specs = scenario.exporters.map((e) => ({ ...e, bootMs: e.bootMs + shift }));
  const exporters: ExporterModel[] = specs.map((e) => createExporter(e, seed));
  const routes4 = exportersByNetwork(specs, scenario.networks.length);
  // NetFlow v5 cannot express IPv6: routers exporting v5 are not where IPv6 traffic is measured.
  const routes6 = exportersByNetwork(
    specs.filter((e) => e.format !== 'netflow-v5'),
    scenario.networks.length,
  );
  const root = new Rng(seed, 'simulation');
  const cycleMs = scenario.repeat ? scenario.durationMs : Number.POSITIVE_INFINITY;
  const models: TrafficModel[] = [];
  if (scenario.background !== undefined) models.push(new BackgroundModel(scenario.background, scenario.networks, root.derive('background'), startMs, scenario.timezoneHours));
  const attacks = scenario.attacks.map((a) => new AttackModel(a, new Rng(seed, `attack:${a.index}:${a.name}`), startMs, cycleMs, 1 + a.index));
  const beacons = scenario.beacons.map((b) => new BeaconModel(b, new Rng(seed, `beacon:${b.index}:${b.name}`), startMs, cycleMs, 1 + scenario.attacks.length + b.index));
  models.push(...attacks, ...beacons);
  const batch = new PacketBatch();
  const meter = new TrafficMeter(options.meter ?? [], startMs);
  const metering = (options.meter?.length ?? 0) > 0;
  const stats: SimulationStats = { ticks: 0, packets: 0, benignPackets: 0, benignBytes: 0, unrouted: 0, datagrams: 0, datagramBytes: 0 };
  let now = startMs;
  let done = false;

  function route(to: number): void {
    const b = batch;
    const last = to - 1;
    for (let i = 0; i < b.length; i++) {
      // Rows of sessions that started late in the tick are pulled back into it.
      if (b.timeMs[i]! > last) b.timeMs[i] = last;
      if (b.timeMs[i]! + b.spanMs[i]! > last) b.spanMs[i] = last - b.timeMs[i]!;
      const count = b.count[i]!;
      stats.packets += count;
      if (b.origin[i] === 0) {
        stats.benignPackets += count;
        stats.benignBytes += count * b.ipLen[i]!;
      }
      const net = b.network[i]!;
      const candidates = net === NO_NETWORK ? undefined : (b.ipVersion[i] === 6 ? routes6 : routes4)[net];
      if (candidates === undefined || candidates.length === 0) {
        stats.unrouted += count;
        continue;
      }
      if (metering) meter.add(b, i);
      let e = candidates[0]!;
      if (candidates.length > 1) {
        const w = i * 4;
        const h = mix32(b.src[w + 3]! ^ Math.imul(b.dst[w + 3]!, 0x9e3779b1) ^ ((b.srcPort[i]! << 16) | b.dstPort[i]!));
        e = candidates[h % candidates.length]!;
      }
      exporters[e]!.observe(b, i);
    }
  }

  function finish(at: number, out: SimDatagram[]): void {
    for (const x of exporters) x.finish(at, out);
    done = true;
  }

  function sorted(out: SimDatagram[]): SimDatagram[] {
    out.sort((a, b) => a.timeMs - b.timeMs);
    stats.datagrams += out.length;
    for (const d of out) stats.datagramBytes += d.payload.length;
    return out;
  }

  function step(): SimDatagram[] {
    if (done) return [];
    const from = now;
    const to = Math.min(now + scenario.tickMs, endMs);
    batch.clear();
    for (const m of models) m.generate(from, to, batch);
    route(to);
    const out: SimDatagram[] = [];
    for (const x of exporters) x.advance(to, out);
    now = to;
    stats.ticks++;
    if (now >= endMs) finish(endMs, out);
    return sorted(out);
  }

  return {
    scenario,
    seed,
    startMs,
    endMs,
    get nowMs() {
      return now;
    },
    get done() {
      return done;
    },
    exporters: specs,
    step,
    stop() {
      if (done) return [];
      const out: SimDatagram[] = [];
      finish(now, out);
      return sorted(out);
    },
    activeAttacks() {
      const names: string[] = [];
      for (const a of attacks) {
        const o = a.occurrences[a.occurrences.length - 1];
        if (o !== undefined && o.startMs <= now && now < o.endMs) names.push(a.spec.name);
      }
      return names;
    },
    *datagrams() {
      if (!Number.isFinite(endMs)) throw new ERR_SIMULATION_OPTIONS(`scenario ${scenario.name} repeats endlessly; give a duration to iterate it`);
      while (!done) yield* step();
    },
    truth: () => buildGroundTruth({ scenario, seed, startMs, endMs: Math.min(now, endMs), attacks, beacons, benignPackets: stats.benignPackets, benignBytes: stats.benignBytes }),
    stats,
    exporterStats: () => exporters.map((x) => x.stats),
    metered: () => meter.result(),
  };
}
