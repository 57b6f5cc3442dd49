/**
 * A real GoBGP daemon for tests and benchmarks: generates a TOML configuration on loopback with
 * free ports, runs `gobgpd`, and reads its RIB and neighbour state through the `gobgp` CLI.
 * Every CLI call is asynchronous so the speaker under test keeps running in the same process.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Daemons still running, killed if the test process exits without stopping them. */
const LIVE = new Set<ChildProcess>();
process.once('exit', () => {
  for (const p of LIVE) p.kill('SIGKILL');
});

/** GoBGP's name of each family for `-a`. */
export const GOBGP_FAMILY = { 'ipv4-unicast': 'ipv4', 'ipv6-unicast': 'ipv6', 'ipv4-flowspec': 'ipv4-flowspec', 'ipv6-flowspec': 'ipv6-flowspec' } as const;

/** One neighbour in the generated configuration. */
export interface GobgpdNeighbor {
  readonly address: string;
  readonly peerAs: number;
  readonly families: readonly (keyof typeof GOBGP_FAMILY)[];
  /** GoBGP waits for us to connect (default true). */
  readonly passive?: boolean;
  /** Our listen port when GoBGP connects to us. */
  readonly remotePort?: number;
  /** Source address GoBGP connects from. */
  readonly localAddress?: string;
  /** Seconds GoBGP refuses the neighbour after a reset (GoBGP's default is 30). */
  readonly idleHoldTimeAfterReset?: number;
  readonly connectRetrySeconds?: number;
  readonly holdTimeSeconds?: number;
}

/** Settings of the daemon. */
export interface GobgpdOptions {
  readonly as: number;
  readonly routerId: string;
  readonly neighbors: readonly GobgpdNeighbor[];
}

/** One path of GoBGP's JSON RIB output (the fields tests look at). */
export interface GobgpPath {
  readonly nlri: Record<string, unknown>;
  readonly attrs: readonly ({ readonly type: number } & Record<string, unknown>)[];
  readonly 'neighbor-ip'?: string;
  readonly best?: boolean;
}

/** Resolves a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Polls `fn` until it returns a value other than undefined, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last === undefined ? '' : `: ${String(last)}`}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function toml(o: GobgpdOptions, bgpPort: number): string {
  const lines = ['[global.config]', `  as = ${o.as}`, `  router-id = "${o.routerId}"`, `  port = ${bgpPort}`, '  local-address-list = ["127.0.0.1"]'];
  for (const n of o.neighbors) {
    lines.push('[[neighbors]]', '  [neighbors.config]', `    neighbor-address = "${n.address}"`, `    peer-as = ${n.peerAs}`);
    lines.push('  [neighbors.transport.config]', `    passive-mode = ${n.passive ?? true}`);
    if (n.remotePort !== undefined) lines.push(`    remote-port = ${n.remotePort}`);
    if (n.localAddress !== undefined) lines.push(`    local-address = "${n.localAddress}"`);
    lines.push('  [neighbors.timers.config]', `    connect-retry = ${n.connectRetrySeconds ?? 1}`);
    if (n.idleHoldTimeAfterReset !== undefined) lines.push(`    idle-hold-time-after-reset = ${n.idleHoldTimeAfterReset}`);
    if (n.holdTimeSeconds !== undefined) lines.push(`    hold-time = ${n.holdTimeSeconds}`, `    keepalive-interval = ${Math.max(1, Math.floor(n.holdTimeSeconds / 3))}`);
    for (const f of n.families) lines.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]', `      afi-safi-name = "${f}"`);
  }
  return `${lines.join('\n')}\n`;
}

/** A running gobgpd. */
export class Gobgpd {
  #proc: ChildProcess | undefined;
  #log = '';
  readonly #dir: string;
  readonly #conf: string;

  private constructor(
    readonly options: GobgpdOptions,
    readonly bgpPort: number,
    readonly apiPort: number,
  ) {
    this.#dir = mkdtempSync(join(tmpdir(), 'sakimori-gobgpd-'));
    this.#conf = join(this.#dir, 'gobgpd.toml');
    writeFileSync(this.#conf, toml(options, bgpPort));
  }

  /** Writes the configuration, starts gobgpd and waits until its API answers. */
  static async start(options: GobgpdOptions): Promise<Gobgpd> {
    const g = new Gobgpd(options, await freePort(), await freePort());
    try {
      await g.launch();
    } catch (e) {
      const log = g.log;
      await g.stop();
      throw new Error(`gobgpd did not start: ${(e as Error).message}\n${log}`);
    }
    return g;
  }

  /** gobgpd's output so far (for failure messages). */
  get log(): string {
    return this.#log;
  }

  /** Starts (or restarts) the daemon process with the same configuration and ports. */
  async launch(): Promise<void> {
    // --pprof-disable: every gobgpd would otherwise bind localhost:6060 and collide.
    const proc = spawn('gobgpd', ['-f', this.#conf, '-p', '--api-hosts', `127.0.0.1:${this.apiPort}`, '--pprof-disable'], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#proc = proc;
    LIVE.add(proc);
    proc.once('exit', () => LIVE.delete(proc));
    const keep = (d: Buffer): void => {
      this.#log = (this.#log + d.toString()).slice(-20_000);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    const ready = await waitFor('gobgpd API', async () => (proc.exitCode !== null ? 'exited' : (await this.cli(['global'])).includes('AS:') ? 'ready' : undefined), 15_000, 150);
    if (ready === 'exited') throw new Error(`gobgpd exited with code ${proc.exitCode}`);
  }

  /** Runs the gobgp CLI against this daemon; resolves its stdout. */
  cli(args: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      execFile('gobgp', ['-p', String(this.apiPort), ...args], { timeout: 15_000, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
        if (err !== null) reject(new Error(`gobgp ${args.join(' ')}: ${err.message} ${stderr}`));
        else resolve(stdout);
      });
    });
  }

  /** The global RIB of a family as GoBGP's JSON: key (prefix or FlowSpec text) → paths. */
  async rib(family: keyof typeof GOBGP_FAMILY): Promise<Record<string, GobgpPath[]>> {
    const out = await this.cli(['global', 'rib', '-a', GOBGP_FAMILY[family], '-j']);
    const trimmed = out.trim();
    return trimmed === '' || trimmed === 'null' ? {} : (JSON.parse(trimmed) as Record<string, GobgpPath[]>);
  }

  /** Number of destinations in a family's global RIB (`gobgp global rib summary`). */
  async ribCount(family: keyof typeof GOBGP_FAMILY): Promise<number> {
    const out = await this.cli(['global', 'rib', 'summary', '-a', GOBGP_FAMILY[family]]);
    const m = /Destination:\s*(\d+)/.exec(out);
    if (m === null) throw new Error(`unexpected rib summary: ${out}`);
    return Number(m[1]);
  }

  /** GoBGP's session state of a neighbour (`established`, `active`, `idle`, …). */
  async neighborState(address: string): Promise<string> {
    const n = JSON.parse(await this.cli(['neighbor', address, '-j'])) as { state?: { session_state?: number } };
    const states = ['unknown', 'idle', 'connect', 'active', 'opensent', 'openconfirm', 'established'];
    return states[n.state?.session_state ?? 0] ?? 'unknown';
  }

  /** Kills the daemon (SIGKILL: no NOTIFICATION, the TCP connection just breaks) and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.#proc;
    this.#proc = undefined;
    if (p === undefined || p.exitCode !== null || p.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      // A daemon that ignores SIGTERM for 5 s is killed outright: tests must never leave one behind.
      const t = setTimeout(() => p.kill('SIGKILL'), 5000);
      p.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      p.kill(signal);
    });
  }

  /** Stops the daemon and removes its configuration directory. */
  async stop(): Promise<void> {
    await this.kill('SIGTERM');
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
