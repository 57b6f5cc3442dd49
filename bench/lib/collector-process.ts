/** Starts {@link ./collector-child.ts} as a forked process and talks to it over IPC. */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Counters the child reports. */
export interface CollectorStats {
  readonly datagrams: number;
  readonly records: number;
  readonly errors: number;
  readonly queueDrops: number;
  readonly queued: number;
  readonly destinations: number;
  readonly rss: number;
}

/** A running collector process. */
export interface CollectorProcess {
  readonly pid: number;
  stats(): Promise<CollectorStats>;
  stop(): Promise<void>;
}

/** Forks the collector on the given loopback ports (receiving on a worker thread unless told not to) and waits until it listens. */
export async function startCollectorProcess(netflowPort: number, sflowPort: number, receiveThread = true): Promise<CollectorProcess> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./collector-child.ts', import.meta.url)), [String(netflowPort), String(sflowPort), receiveThread ? 'thread' : 'main'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (c) => reject(new Error(`collector process exited with ${c}`)));
  });
  const ask = (): Promise<CollectorStats> =>
    new Promise((resolve) => {
      const on = (m: { type: string } & CollectorStats): void => {
        if (m.type !== 'stats') return;
        child.off('message', on);
        resolve(m);
      };
      child.on('message', on);
      child.send({ type: 'stats' });
    });
  return {
    pid: child.pid!,
    stats: ask,
    async stop() {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.send({ type: 'stop' });
      await exited;
    },
  };
}
