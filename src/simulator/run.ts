/**
 * Runs a simulation into sinks: in real time (datagrams paced by the scenario clock, optionally
 * sped up) or as fast as possible, with progress reports and a clean stop on abort. This is the I/O
 * edge the CLI, the demo (`npm start`) and the detection scorer share.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SimDatagram } from './datagram.js';
import type { GroundTruth } from './ground-truth.js';
import type { DatagramSink } from './output/sink.js';
import type { Simulation, SimulationStats } from './simulation.js';

/** Progress of a run, reported every few seconds of wall time. */
export interface RunProgress {
  readonly nowMs: number;
  readonly startMs: number;
  readonly endMs: number;
  readonly wallMs: number;
  readonly stats: Readonly<SimulationStats>;
  readonly activeAttacks: readonly string[];
}

/** Options of {@link runSimulation}. */
export interface RunOptions {
  readonly sinks: readonly DatagramSink[];
  /** 1 for real time, 10 for ten times faster, 'fast' for no pacing at all. */
  readonly speed: number | 'fast';
  /** Stops the run (exporters flush what they hold) when aborted. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: RunProgress) => void;
  /** Wall time between progress reports (default 5 s). */
  readonly progressIntervalMs?: number;
  /** Sinks are closed at the end unless this is false. */
  readonly closeSinks?: boolean;
}

/** Outcome of a run. */
export interface RunResult {
  readonly stats: Readonly<SimulationStats>;
  readonly truth: GroundTruth;
  readonly wallMs: number;
  readonly aborted: boolean;
}

/** Ticks between event-loop yields when running as fast as possible. */
const FAST_YIELD_TICKS = 20;

/** Runs `sim` to its end (or until aborted), writing every datagram to every sink. */
export async function runSimulation(sim: Simulation, options: RunOptions): Promise<RunResult> {
  const wallStart = performance.now();
  const speed = options.speed;
  const interval = options.progressIntervalMs ?? 5000;
  let nextProgress = wallStart + interval;
  let aborted = false;
  const due = (t: number): number => wallStart + (t - sim.startMs) / (speed as number);
  const write = (ds: readonly SimDatagram[]): void => {
    for (const d of ds) for (const s of options.sinks) s.write(d);
  };
  try {
    while (!sim.done) {
      if (options.signal?.aborted === true) {
        aborted = true;
        write(sim.stop());
        break;
      }
      const out = sim.step();
      if (speed === 'fast') {
        write(out);
        if (sim.stats.ticks % FAST_YIELD_TICKS === 0) await drainOrYield(options.sinks);
      } else {
        await paced(out, due, options.sinks, options.signal);
        const wait = due(sim.nowMs) - performance.now();
        if (wait > 1) await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
      }
      const wall = performance.now();
      if (options.onProgress !== undefined && wall >= nextProgress) {
        nextProgress = wall + interval;
        options.onProgress({ nowMs: sim.nowMs, startMs: sim.startMs, endMs: sim.endMs, wallMs: wall - wallStart, stats: sim.stats, activeAttacks: sim.activeAttacks() });
      }
    }
  } finally {
    if (options.closeSinks !== false) for (const s of options.sinks) await s.close();
  }
  return { stats: sim.stats, truth: sim.truth(), wallMs: performance.now() - wallStart, aborted };
}

/** Writes datagrams at their due wall time (in groups that fall due within 2 ms of each other). */
async function paced(out: readonly SimDatagram[], due: (t: number) => number, sinks: readonly DatagramSink[], signal: AbortSignal | undefined): Promise<void> {
  for (const d of out) {
    const wait = due(d.timeMs) - performance.now();
    if (wait > 2) await sleep(wait, undefined, { signal }).catch(() => undefined);
    for (const s of sinks) s.write(d);
  }
}

async function drainOrYield(sinks: readonly DatagramSink[]): Promise<void> {
  for (const s of sinks) {
    const d = s as Partial<{ needsDrain: boolean; drain(): Promise<void> }>;
    if (d.needsDrain === true && d.drain !== undefined) await d.drain();
  }
  await new Promise<void>((r) => setImmediate(r));
}
