/**
 * The exec hook: runs a configured program once per event with the event as JSON on its standard
 * input — what FastNetMon users do with its notify script — at most `concurrency` at a time, each
 * killed after `timeoutMs`. Its exit status and the end of its standard error are logged; it never
 * holds up detection: events beyond `maxQueued` waiting are dropped and counted.
 *
 * Security: the program runs without a shell and gets only PATH, HOME, LANG, TZ,
 * SAKIMORI_EVENT_SUBJECT and the configured `env` — never the server's own environment, which may
 * hold database passwords and the webhook secret.
 */
import { spawn } from 'node:child_process';
import type { Logger } from 'pino';
import type { BusMessage } from '../bus/bus.js';
import type { EventsConfig } from './config.js';
import { newCounters, type EventOutput } from './output.js';
import { WorkQueue } from './work-queue.js';

/** Bytes of standard error kept for the log. */
const STDERR_KEEP = 4096;
/** Grace between SIGTERM and SIGKILL after a timeout. */
const KILL_GRACE_MS = 2000;

/** How one run ended. */
export interface HookResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  /** The last bytes the program wrote to standard error. */
  readonly stderr: string;
  /** Set when the program could not be started (ENOENT, EACCES…). */
  readonly spawnError?: string;
}

interface Job {
  readonly subject: string;
  readonly json: string;
}

/** Creates the exec hook output. */
export function createExecOutput(config: EventsConfig['exec'] & { readonly command: readonly string[] }, deps: { readonly logger: Logger }): EventOutput {
  const counters = newCounters();
  const logger = deps.logger.child({ output: 'exec', command: config.command[0] });
  const baseEnv: Record<string, string> = {};
  for (const k of ['PATH', 'HOME', 'LANG', 'TZ']) if (process.env[k] !== undefined) baseEnv[k] = process.env[k]!;

  const run = async (job: Job): Promise<void> => {
    const r = await runHook(config.command, job.json, { ...baseEnv, ...config.env, SAKIMORI_EVENT_SUBJECT: job.subject }, config.timeoutMs);
    const ok = r.exitCode === 0 && !r.timedOut;
    if (ok) counters.delivered++;
    else counters.failed++;
    const fields = {
      subject: job.subject,
      exitCode: r.exitCode,
      signal: r.signal,
      timedOut: r.timedOut,
      durationMs: Math.round(r.durationMs),
      stderr: r.stderr || undefined,
      spawnError: r.spawnError,
    };
    if (ok) logger.debug(fields, 'event hook ran');
    else logger.warn(fields, r.spawnError !== undefined ? 'event hook could not be started' : r.timedOut ? 'event hook timed out and was killed' : 'event hook failed');
  };
  const queue = new WorkQueue<Job>(config, run);

  return {
    name: 'exec',
    subjects: config.subjects,
    counters,
    accept(m: BusMessage, json: string) {
      if (!queue.push({ subject: m.subject, json })) counters.dropped.queue_full++;
    },
    pending: () => queue.queued + queue.active,
    flush: () => queue.idle(),
    async close(deadline) {
      const left = queue.close();
      counters.dropped.shutdown += left.length;
      // Running hooks finish or hit their own timeout; wait for them until the deadline.
      await Promise.race([queue.idle(), new Promise((r) => setTimeout(r, Math.max(0, deadline - Date.now())).unref())]);
    },
  };
}

/**
 * Runs `command` with `input` on standard input, in its own process group so a timeout kills
 * whatever it started too. Never rejects.
 */
export function runHook(command: readonly string[], input: string, env: Record<string, string>, timeoutMs: number): Promise<HookResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let stderr = '';
    let timedOut = false;
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const done = (exitCode: number | null, signal: string | null, spawnError?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ exitCode, signal, timedOut, durationMs: performance.now() - t0, stderr: stderr.trim(), ...(spawnError === undefined ? {} : { spawnError }) });
    };
    const child = spawn(command[0]!, command.slice(1), { env, stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    const killGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        // Already gone.
      }
    };
    timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), KILL_GRACE_MS).unref();
    }, timeoutMs);
    child.on('error', (err) => done(null, null, err.message));
    child.on('close', (code, signal) => done(code, signal));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP);
    });
    // A program that does not read its input closes the pipe: that is its business, not an error here.
    child.stdin.on('error', () => undefined);
    child.stdin.end(`${input}\n`);
  });
}
