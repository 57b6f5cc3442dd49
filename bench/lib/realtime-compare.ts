/**
 * One real-time side-by-side run: a scenario sent over loopback UDP at real speed to Sakimori's
 * collector+detector process and to FastNetMon 1.2.4 (ban enabled, a notify script recording each
 * call with its wall time), the same datagrams to both at the same moment. Returns each side's
 * detections on the wall clock, the wall time at which the first datagram of each attack was sent,
 * and CPU seconds used by each receiver.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freeUdpPort } from '../../src/collector/testing/daemons.js';
import { formatPrefix } from '../../src/core/ip.js';
import { scenarioDetectionOverrides, scenarioNetworks } from '../../src/scoring/scenario-setup.js';
import type { GroundTruth } from '../../src/simulator/ground-truth.js';
import { createSimulation, runSimulation, UdpSink, type DatagramSink, type Scenario, type SimDatagram } from '../../src/simulator/index.js';
import { startDetectorProcess, type DetectorChildEvent } from './detector-process.js';
import { startFastNetMon } from './peers.js';
import { cpuSeconds } from './proc.js';

/** A FastNetMon notify-script call. */
export interface FastNetMonCall {
  readonly wallMs: number;
  readonly ip: string;
  readonly direction: string;
  readonly pps: number;
  readonly action: string;
}

/** What one real-time run produced. */
export interface RealtimeResult {
  readonly truth: GroundTruth;
  /** Wall time the run started (scenario start) and the scenario start it maps to. */
  readonly wallStartMs: number;
  /** Wall time the first datagram at or after each given scenario time was sent, by attack id. */
  readonly firstSentWallMs: ReadonlyMap<string, number>;
  readonly sakimori: { readonly events: readonly DetectorChildEvent[]; readonly cpuSeconds: number; readonly records: number; readonly queueDrops: number };
  readonly fastnetmon: { readonly calls: readonly FastNetMonCall[]; readonly cpuSeconds: number; readonly log: string; readonly exited: boolean } | undefined;
}

/** Options of a run. */
export interface RealtimeOptions {
  readonly scenario: Scenario;
  readonly durationS: number;
  /** Scenario time (ms since epoch) of the first datagram carrying each attack, from a scored replay. */
  readonly firstDatagramMs: ReadonlyMap<string, number>;
  readonly withFastNetMon: boolean;
  /** Seconds to keep both receivers running after the last datagram. */
  readonly drainS: number;
}

/** Records the wall time at which watched scenario times are first reached by sent datagrams. */
class TimingSink implements DatagramSink {
  readonly seen = new Map<string, number>();
  readonly #watch: [string, number][];
  constructor(watch: ReadonlyMap<string, number>) {
    this.#watch = [...watch.entries()];
  }
  write(d: SimDatagram): void {
    for (const [id, t] of this.#watch) if (!this.seen.has(id) && d.timeMs >= t) this.seen.set(id, Date.now());
  }
  async close(): Promise<void> {}
}

const NOTIFY = (log: string): string =>
  `#!/bin/sh\n# FastNetMon calls: ip direction pps action; details arrive on stdin for ban.\necho "$(date +%s.%N) $1 $2 $3 $4" >> '${log}'\ncat > /dev/null\nexit 0\n`;

/** Runs the scenario in real time to both receivers. */
export async function runRealtime(o: RealtimeOptions): Promise<RealtimeResult> {
  const s = o.scenario;
  const sim = createSimulation(s, { durationS: o.durationS });
  const hostPps = s.thresholds.hostPps ?? 20000;
  // Each exporter sends from its own loopback address, so both receivers tell exporters apart.
  const bind = (i: number): string => `127.0.1.${i + 1}`;
  const [nfS, sfS] = [await freeUdpPort(), await freeUdpPort()];
  const saki = await startDetectorProcess({
    netflowPort: nfS,
    sflowPort: sfS,
    exporters: sim.exporters.map((e) => ({ address: bind(e.index), samplingRate: e.samplingRate })),
    detection: scenarioDetectionOverrides(s.thresholds),
    networks: scenarioNetworks(s),
  });
  let fnm: Awaited<ReturnType<typeof startFastNetMon>> | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'bench-detection-'));
  const notifyLog = join(dir, 'notify.log');
  const script = join(dir, 'notify.sh');
  writeFileSync(script, NOTIFY(notifyLog));
  chmodSync(script, 0o755);
  const [nfF, sfF, prom] = [await freeUdpPort(), await freeUdpPort(), await freeUdpPort()];
  if (o.withFastNetMon) {
    const netflow = sim.exporters.find((e) => e.format !== 'sflow');
    fnm = await startFastNetMon({
      netflowPort: nfF,
      sflowPort: sfF,
      prometheusPort: prom,
      networks: s.networks.flatMap((n) => n.prefixes.map(formatPrefix)),
      thresholdPps: hostPps,
      // The same bandwidth threshold as Sakimori's per-host default (1 Gbps unless the scenario sets one).
      thresholdMbps: (s.thresholds.hostBps ?? 1e9) / 1e6,
      enableBan: true,
      notifyScript: script,
      ...(netflow === undefined ? {} : { netflowSamplingRatio: netflow.samplingRate }),
    });
  }
  const sinks: DatagramSink[] = [];
  const timing = new TimingSink(o.firstDatagramMs);
  sinks.push(await UdpSink.open(sim.exporters, { netflow: { host: '127.0.0.1', port: nfS }, sflow: { host: '127.0.0.1', port: sfS }, bindAddress: (e) => bind(e.index) }));
  if (fnm !== undefined) sinks.push(await UdpSink.open(sim.exporters, { netflow: { host: '127.0.0.1', port: nfF }, sflow: { host: '127.0.0.1', port: sfF }, bindAddress: (e) => bind(e.index) }));
  sinks.push(timing);
  const cpu0 = { saki: cpuOf(saki.pid), fnm: fnm === undefined ? 0 : cpuOf(fnm.pid) };
  const wallStartMs = Date.now();
  const { truth } = await runSimulation(sim, { sinks, speed: 1 });
  await new Promise((r) => setTimeout(r, o.drainS * 1000));
  const cpu1 = { saki: cpuOf(saki.pid), fnm: fnm === undefined ? 0 : cpuOf(fnm.pid) };
  const fnmExited = fnm !== undefined && Number.isNaN(cpu1.fnm);
  if (Number.isNaN(cpu1.saki)) throw new Error(`the Sakimori detector process exited during ${s.name}`);
  const stats = await saki.stats();
  await saki.stop();
  let fastnetmon: RealtimeResult['fastnetmon'];
  if (fnm !== undefined) {
    const log = await fnm.stop();
    fastnetmon = { calls: parseNotifyLog(readText(notifyLog)), cpuSeconds: cpu1.fnm - cpu0.fnm, log, exited: fnmExited };
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    truth,
    wallStartMs,
    firstSentWallMs: timing.seen,
    sakimori: { events: saki.events, cpuSeconds: cpu1.saki - cpu0.saki, records: stats.records, queueDrops: stats.queueDrops },
    fastnetmon,
  };
}

/** CPU seconds of a process, NaN once it has exited (FastNetMon may crash mid-run). */
function cpuOf(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return Number.NaN;
  }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Parses the notify log: `seconds.nanoseconds ip direction pps action` per line. */
export function parseNotifyLog(text: string): FastNetMonCall[] {
  const out: FastNetMonCall[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    out.push({ wallMs: Number(f[0]) * 1000, ip: f[1]!, direction: f[2]!, pps: Number(f[3]), action: f[4]! });
  }
  return out;
}
