/**
 * The peers benchmarks compare against, run by hand on loopback: nfcapd (nfdump) and FastNetMon
 * Community 1.2.4 — bound to 127.0.0.1, usage reporting off, no BGP, its own config and files in a
 * temporary folder (never Debian's service).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running peer process. */
export interface Peer {
  readonly name: string;
  readonly pid: number;
  /** Records the peer says it processed. */
  records(): Promise<number>;
  stop(): Promise<string>;
}

/** True when `command` is on PATH. */
export function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return () => out;
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  const t = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(t);
}

/** Starts nfcapd on 127.0.0.1:`port`; its record count comes from its exit summary. */
export async function startNfcapd(port: number): Promise<Peer> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nfcapd-'));
  const child = spawn('nfcapd', ['-w', dir, '-p', String(port), '-b', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  await new Promise((r) => setTimeout(r, 500));
  let summary = '';
  return {
    name: 'nfcapd',
    pid: child.pid!,
    async records() {
      const m = /Flows: (\d+)/.exec(summary || output());
      return m === null ? 0 : Number(m[1]);
    },
    async stop() {
      await stopChild(child);
      summary = output();
      rmSync(dir, { recursive: true, force: true });
      return summary;
    },
  };
}

/** FastNetMon settings a benchmark chooses. */
export interface FastNetMonOptions {
  readonly netflowPort: number;
  readonly sflowPort: number;
  readonly prometheusPort: number;
  readonly networks: readonly string[];
  readonly thresholdPps?: number;
  readonly thresholdMbps?: number;
  /** Script run on each ban (attack detection); gets `ip direction pps action` as arguments. */
  readonly notifyScript?: string;
  readonly enableBan?: boolean;
  /** FastNetMon's averaging window in seconds (its default is 5). */
  readonly averageCalculationTime?: number;
  /** Sampling rate FastNetMon assumes for NetFlow v9 and IPFIX (it does not read it from the export). */
  readonly netflowSamplingRatio?: number;
}

/** Starts FastNetMon bound to 127.0.0.1 with usage reporting off; records from its Prometheus endpoint. */
export async function startFastNetMon(o: FastNetMonOptions): Promise<Peer & { dir: string; log: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fastnetmon-'));
  mkdirSync(join(dir, 'attacks'), { recursive: true });
  writeFileSync(join(dir, 'networks'), `${o.networks.join('\n')}\n`);
  writeFileSync(join(dir, 'whitelist'), '');
  const conf = {
    logging_level: 'info',
    disable_usage_report: 'on',
    enable_ban: o.enableBan === true ? 'on' : 'off',
    process_incoming_traffic: 'on',
    process_outgoing_traffic: 'on',
    networks_list_path: join(dir, 'networks'),
    white_list_path: join(dir, 'whitelist'),
    check_period: '1',
    enable_connection_tracking: 'on',
    ban_for_pps: 'on',
    ban_for_bandwidth: 'on',
    ban_for_flows: 'off',
    threshold_pps: String(o.thresholdPps ?? 20000),
    threshold_mbps: String(o.thresholdMbps ?? 100000),
    average_calculation_time: String(o.averageCalculationTime ?? 5),
    pcap: 'off',
    mirror_afpacket: 'off',
    netflow: 'on',
    netflow_host: '127.0.0.1',
    netflow_port: String(o.netflowPort),
    netflow_sampling_ratio: String(o.netflowSamplingRatio ?? 1),
    sflow: 'on',
    sflow_host: '127.0.0.1',
    sflow_port: String(o.sflowPort),
    enable_api: 'off',
    prometheus: 'on',
    prometheus_host: '127.0.0.1',
    prometheus_port: String(o.prometheusPort),
    pid_path: join(dir, 'fastnetmon.pid'),
    cli_stats_file_path: join(dir, 'fastnetmon.dat'),
    monitor_local_ip_addresses: 'off',
    gobgp: 'off',
    exabgp: 'off',
    redis_enabled: 'off',
    mongodb_enabled: 'off',
    influxdb: 'off',
    graphite: 'off',
    collect_attack_pcap_dumps: 'off',
    notify_script_path: o.notifyScript ?? join(dir, 'no-notify'),
    ban_time: '1900',
    unban_only_if_attack_finished: 'on',
  };
  writeFileSync(
    join(dir, 'fastnetmon.conf'),
    Object.entries(conf)
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n') + '\n',
  );
  const log = join(dir, 'fastnetmon.log');
  const child = spawn('fastnetmon', ['--configuration_file', join(dir, 'fastnetmon.conf'), '--log_file', log, '--disable_pid_logic'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${o.prometheusPort}/metrics`);
      if (r.ok) break;
    } catch {
      /* not up yet */
    }
    if (child.exitCode !== null || Date.now() - t0 > 15_000) throw new Error(`fastnetmon did not start: ${output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const readLog = (): string => {
    try {
      return spawnSync('cat', [log], { encoding: 'utf8' }).stdout;
    } catch {
      return '';
    }
  };
  return {
    name: 'fastnetmon',
    pid: child.pid!,
    dir,
    log: readLog,
    async records() {
      const text = await (await fetch(`http://127.0.0.1:${o.prometheusPort}/metrics`)).text();
      const m = /^fastnetmon_total_simple_packets_processed (\d+)/m.exec(text);
      return m === null ? 0 : Number(m[1]);
    },
    async stop() {
      await stopChild(child);
      const text = readLog();
      rmSync(dir, { recursive: true, force: true });
      return text;
    },
  };
}
