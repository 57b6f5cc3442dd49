/**
 * Helpers for tests that run real flow tools (pmacctd, nfcapd, sfacctd, nfreplay) next to the
 * collector: free ports, started daemons that are always stopped, waiting for quiet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';

/** A free UDP port on 127.0.0.1 (bound then released; a tiny race is accepted in tests). */
export async function freeUdpPort(): Promise<number> {
  const s = createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** A running daemon with its collected output. */
export interface Daemon {
  readonly name: string;
  readonly process: ChildProcess;
  output(): string;
  /** Sends `signal` and waits for exit (SIGKILL after `graceMs`). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Starts a daemon; its stdout and stderr are kept for failure messages. */
export function startDaemon(name: string, command: string, args: readonly string[]): Daemon {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    name,
    process: child,
    output: () => out,
    async stop(signal = 'SIGTERM', graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

/** Resolves once `lastActivity()` is older than `quietMs` (checked every 100 ms), or rejects after `timeoutMs`. */
export async function waitForQuiet(lastActivity: () => number, quietMs: number, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (;;) {
    if (Date.now() - lastActivity() >= quietMs) return;
    if (Date.now() - start > timeoutMs) throw new Error(`no quiet period of ${quietMs} ms within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
