/**
 * `sakimori simulate <scenario>`: runs a traffic scenario and sends real NetFlow v5/v9, IPFIX and
 * sFlow v5 datagrams to collectors over UDP, writes them to a pcap, or both, plus the ground truth
 * as JSON. The composition root of the simulator: it parses options, loads the scenario, builds
 * the sinks and stops them at the end (or on Ctrl-C).
 */
import type { Command } from 'commander';
import { parseListen, type ListenSpec } from '../../core/listen.js';
import { loadScenarioFile } from '../../simulator/scenario-file.js';
import { ERR_SIMULATION_OPTIONS } from '../../simulator/scenario-errors.js';
import { createSimulation } from '../../simulator/simulation.js';
import { runSimulation, type RunProgress } from '../../simulator/run.js';
import { PcapFileSink } from '../../simulator/output/pcap-sink.js';
import type { DatagramSink } from '../../simulator/output/sink.js';
import { UdpSink, type UdpTarget } from '../../simulator/output/udp-sink.js';
import { writeGroundTruth } from '../../simulator/output/truth-file.js';

interface SimulateOptions {
  to?: string;
  sflowTo?: string;
  pcap?: string;
  truth?: string;
  speed?: string;
  fast?: boolean;
  duration?: string;
  seed?: string;
  start?: string;
  distinctSources?: boolean;
  quiet?: boolean;
}

/** Parses the collector address given to option `what`: `host:port` or `[v6]:port`, port 1–65535. */
export function parseHostPort(text: string, what: string): UdpTarget {
  const refused = (cause?: unknown): Error => new ERR_SIMULATION_OPTIONS(`${what} must be host:port or [v6]:port, got ${JSON.stringify(text)}`, { cause });
  let spec: ListenSpec;
  try {
    spec = parseListen(text);
  } catch (e) {
    throw refused(e);
  }
  // A destination needs a port: 0 means "any free port" only when listening.
  if (spec.port === 0) throw refused();
  return { host: spec.host, port: spec.port };
}

function positive(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new ERR_SIMULATION_OPTIONS(`${what} must be a positive number, got ${JSON.stringify(text)}`);
  return n;
}

function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

function progressLine(p: RunProgress): string {
  const total = Number.isFinite(p.endMs) ? clock(p.endMs - p.startMs) : 'endless';
  const active = p.activeAttacks.length > 0 ? `  attacks: ${p.activeAttacks.join(', ')}` : '';
  return `[simulate] ${clock(p.nowMs - p.startMs)} / ${total}  ${p.stats.datagrams} datagrams  ${(p.stats.packets / 1e6).toFixed(2)} M true packets${active}\n`;
}

async function simulate(file: string, o: SimulateOptions): Promise<void> {
  const startMs = o.start === undefined ? undefined : Date.parse(o.start);
  if (startMs !== undefined && !Number.isFinite(startMs)) throw new ERR_SIMULATION_OPTIONS(`--start must be an ISO 8601 date-time, got ${JSON.stringify(o.start)}`);
  const seed = o.seed === undefined ? undefined : Number(o.seed);
  if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff)) throw new ERR_SIMULATION_OPTIONS(`--seed must be an integer from 0 to 4294967295`);
  if (o.fast === true && o.speed !== undefined) throw new ERR_SIMULATION_OPTIONS('give either --speed or --fast, not both');
  const udp = o.pcap === undefined || o.to !== undefined || o.sflowTo !== undefined;
  const speed = o.fast === true ? 'fast' : (positive(o.speed, '--speed') ?? (udp ? 1 : 'fast'));
  const scenario = loadScenarioFile(file, startMs === undefined ? {} : { nowMs: startMs });
  const sim = createSimulation(scenario, { durationS: positive(o.duration, '--duration'), seed, startMs });
  if (!Number.isFinite(sim.endMs) && (speed === 'fast' || !udp)) {
    throw new ERR_SIMULATION_OPTIONS(`scenario ${scenario.name} repeats endlessly; give --duration to run it faster than real time or into a pcap`);
  }
  const sinks: DatagramSink[] = [];
  try {
    if (o.pcap !== undefined) sinks.push(new PcapFileSink(o.pcap, sim.exporters));
    if (udp) {
      sinks.push(
        await UdpSink.open(sim.exporters, {
          netflow: parseHostPort(o.to ?? '127.0.0.1:2055', '--to'),
          sflow: parseHostPort(o.sflowTo ?? '127.0.0.1:6343', '--sflow-to'),
          bindAddress: o.distinctSources === true ? (e) => `127.0.1.${e.index + 1}` : undefined,
        }),
      );
    }
  } catch (e) {
    for (const s of sinks) await s.close();
    throw e;
  }
  const abort = new AbortController();
  const onSigint = (): void => abort.abort();
  process.once('SIGINT', onSigint);
  const quiet = o.quiet === true;
  if (!quiet) {
    const where = [o.pcap === undefined ? undefined : `pcap ${o.pcap}`, udp ? `UDP ${o.to ?? '127.0.0.1:2055'} / sFlow ${o.sflowTo ?? '127.0.0.1:6343'}` : undefined].filter(Boolean).join(', ');
    process.stderr.write(
      `[simulate] ${scenario.name}: ${sim.exporters.length} exporters, ${scenario.attacks.length} attacks, ${scenario.beacons.length} beacons → ${where} (${speed === 'fast' ? 'as fast as possible' : `${speed}× real time`})\n`,
    );
  }
  try {
    const result = await runSimulation(sim, { sinks, speed, signal: abort.signal, onProgress: quiet ? undefined : (p) => process.stderr.write(progressLine(p)) });
    if (o.truth !== undefined) writeGroundTruth(o.truth, result.truth);
    if (!quiet) {
      const s = result.stats;
      process.stderr.write(
        `[simulate] done${result.aborted ? ' (stopped)' : ''}: ${clock(sim.nowMs - sim.startMs)} simulated in ${(result.wallMs / 1000).toFixed(1)} s, ` +
          `${s.datagrams} datagrams (${(s.datagramBytes / 1e6).toFixed(1)} MB), ${result.truth.attacks.length} attack occurrences` +
          `${o.truth === undefined ? '' : `, truth in ${o.truth}`}\n`,
      );
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

/** Registers `sakimori simulate`. */
export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description('generate NetFlow/IPFIX/sFlow export traffic from a scenario (send over UDP and/or write a pcap) with its ground truth')
    .argument('<scenario>', 'scenario YAML file, or the name of a built-in one (demo, syn-flood-2x, …)')
    .option('--to <host:port>', 'NetFlow/IPFIX collector (default 127.0.0.1:2055 unless only --pcap is given)')
    .option('--sflow-to <host:port>', 'sFlow collector (default 127.0.0.1:6343 unless only --pcap is given)')
    .option('--pcap <file>', 'write the datagrams to a pcap file (exporters 10.255.0.x → collector 10.255.0.254)')
    .option('--truth <file>', 'write the ground truth as JSON (large source lists go to files beside it)')
    .option('--speed <x>', 'real-time factor (1 = real time; default 1 when sending, as fast as possible for a pcap only)')
    .option('--fast', 'no pacing: as fast as possible')
    .option('--duration <seconds>', 'run length (needed to end a repeating scenario)')
    .option('--seed <n>', "override the scenario's seed")
    .option('--start <iso-time>', 'override the scenario start time')
    .option('--distinct-sources', 'send each exporter from its own loopback address 127.0.1.x (Linux)')
    .option('-q, --quiet', 'no progress output')
    .action(async (file: string, options: SimulateOptions) => {
      await simulate(file, options);
    });
}
