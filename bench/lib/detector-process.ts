/** Starts {@link ./detector-child.ts} (collector + detector on the wall clock) as a forked process. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the child is configured with. */
export interface DetectorChildSetup {
  readonly netflowPort: number;
  readonly sflowPort: number;
  /** Collector exporter settings (source address and sampling rate). */
  readonly exporters: readonly { readonly address: string; readonly samplingRate?: number }[];
  /** The `detection` configuration section. */
  readonly detection: Record<string, unknown>;
  /** Protected networks (`ProtectedNetworkInput`, plain data). */
  readonly networks: readonly unknown[];
}

/** A lifecycle event as the child forwards it; times are wall-clock ms. */
export interface DetectorChildEvent {
  readonly kind: 'attack.started' | 'attack.updated' | 'attack.ended';
  readonly attackId: string;
  readonly scope: 'host' | 'prefix';
  readonly target: string;
  readonly startedAt?: number;
  readonly detectedAt?: number;
  readonly second?: number;
  readonly endedAt?: number;
  /** Total pps: of the crossing second (started), the second (updated) or the peak (ended). */
  readonly pps: number;
  readonly vectors: readonly string[];
}

/** A running detector process. */
export interface DetectorProcess {
  readonly pid: number;
  readonly events: DetectorChildEvent[];
  stats(): Promise<{ records: number; queueDrops: number; rss: number }>;
  stop(): Promise<void>;
}

/** Forks the detector process and waits until it listens. */
export async function startDetectorProcess(setup: DetectorChildSetup): Promise<DetectorProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./detector-child.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events: DetectorChildEvent[] = [];
  child.on('message', (m: { type: string; event?: DetectorChildEvent }) => {
    if (m.type === 'event' && m.event !== undefined) events.push(m.event);
  });
  await new Promise<void>((resolve, reject) => {
    const on = (m: { type: string }): void => {
      if (m.type !== 'ready') return;
      child.off('message', on);
      resolve();
    };
    child.on('message', on);
    child.once('exit', (c) => reject(new Error(`detector process exited with ${c}`)));
    child.send(setup);
  });
  return {
    pid: child.pid!,
    events,
    stats: () =>
      new Promise((resolve) => {
        const on = (m: { type: string; records: number; queueDrops: number; rss: number }): void => {
          if (m.type !== 'stats') return;
          child.off('message', on);
          resolve(m);
        };
        child.on('message', on);
        child.send({ type: 'stats' });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ type: 'stop' });
      const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    },
  };
}
