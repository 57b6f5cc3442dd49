/**
 * Events as JSON lines appended to a file, or written to standard output (`-`), one line per
 * event (see `event-envelope.ts`), for operators who tail the file or pipe it into their own
 * tooling. A slow disk or pipe never holds up detection: past `maxBufferedBytes` waiting, events
 * are dropped and counted.
 */
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Logger } from 'pino';
import type { BusMessage } from '../bus/bus.js';
import type { EventsConfig } from './config.js';
import { ERR_EVENTS_FILE_UNWRITABLE } from './errors.js';
import { newCounters, type EventOutput } from './output.js';

/**
 * Creates the output. The file is opened (created if needed) here, so a path that cannot be
 * written fails at start-up rather than on the first event.
 *
 * @throws {@link ERR_EVENTS_FILE_UNWRITABLE}
 */
export function createJsonLinesOutput(config: EventsConfig['file'] & { readonly path: string }, deps: { readonly logger: Logger; readonly stdout?: Writable }): EventOutput {
  const toStdout = config.path === '-';
  let stream: Writable;
  if (toStdout) stream = deps.stdout ?? process.stdout;
  else {
    let fd: number;
    try {
      fd = openSync(config.path, 'a', 0o640);
    } catch (e) {
      throw new ERR_EVENTS_FILE_UNWRITABLE(config.path, (e as Error).message, { cause: e });
    }
    stream = createWriteStream('', { fd });
  }
  const counters = newCounters();
  let broken = false;
  let closed = false;
  const onError = (err: Error): void => {
    // A full disk or a closed pipe: log once, count every later event as failed.
    if (!broken) deps.logger.error({ err, path: config.path }, 'event file failed; events are no longer written');
    broken = true;
  };
  stream.on('error', onError);
  const flush = (): Promise<void> => (broken || stream.writableEnded ? Promise.resolve() : new Promise((resolve) => stream.write('', () => resolve())));

  return {
    name: 'file',
    subjects: config.subjects,
    counters,
    accept(_m: BusMessage, json: string) {
      if (closed) counters.dropped.shutdown++;
      else if (broken) counters.failed++;
      else if (stream.writableLength > config.maxBufferedBytes) counters.dropped.queue_full++;
      else {
        stream.write(`${json}\n`);
        counters.delivered++;
      }
    },
    pending: () => stream.writableLength,
    flush,
    async close() {
      closed = true;
      await flush();
      if (toStdout || broken) return;
      await new Promise<void>((resolve) => stream.end(() => resolve()));
    },
  };
}
