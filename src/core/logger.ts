/**
 * The process-wide structured logger: pino, writing JSON lines to stderr — or, when the logs go to
 * a terminal, one readable line per entry (as pino users get from pino-pretty, which we do not
 * depend on: {@link prettyStream} is the small formatter we need).
 */
import { pino, destination as pinoDestination, stdTimeFunctions, type Logger, type DestinationStream } from 'pino';

/**
 * How log entries are written: `json` (one JSON object per line, for collectors), `pretty` (one
 * readable line per entry), or `auto`: pretty when the destination is a terminal, JSON otherwise.
 */
export type LogFormat = 'auto' | 'json' | 'pretty';

/** Logging settings, a subset of the `log` configuration section. */
export interface LoggerOptions {
  readonly level: string;
  /** Defaults to `auto`. */
  readonly format?: LogFormat;
}

/** A destination that may say it is a terminal (as `process.stderr` and tty streams do). */
type Destination = DestinationStream & { readonly isTTY?: boolean };

/**
 * Creates the process-wide structured logger. It is created once by the composition root and
 * passed to components; nothing imports a logger singleton. Entries go to `destination`, by
 * default stderr (stdout carries command output).
 */
export function createLogger(options: LoggerOptions, destination?: Destination): Logger {
  const base = { level: options.level, base: { app: 'sakimori' }, timestamp: stdTimeFunctions.isoTime };
  const terminal = destination === undefined ? process.stderr.isTTY === true : destination.isTTY === true;
  const format = options.format ?? 'auto';
  const pretty = format === 'pretty' || (format === 'auto' && terminal);
  // Lines for a person are written at once, so the last ones before an exit are not lost.
  const out: DestinationStream = destination ?? pinoDestination({ fd: 2, sync: pretty });
  return pino(base, pretty ? prettyStream(out, { color: terminal }) : out);
}

/** A logger that drops everything; for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

const LEVELS: Readonly<Record<number, { readonly name: string; readonly color: string }>> = {
  10: { name: 'TRACE', color: '\x1b[90m' },
  20: { name: 'DEBUG', color: '\x1b[36m' },
  30: { name: 'INFO ', color: '\x1b[32m' },
  40: { name: 'WARN ', color: '\x1b[33m' },
  50: { name: 'ERROR', color: '\x1b[31m' },
  60: { name: 'FATAL', color: '\x1b[41m\x1b[97m' },
};
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
/** Keys every entry carries that the line shows in its own place, or not at all. */
const SHOWN = new Set(['level', 'time', 'msg', 'app', 'pid', 'hostname', 'err']);

function fieldValue(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v) ?? String(v);
}

/**
 * Formats one pino JSON line as `HH:MM:SS.mmm LEVEL message key=value …`, with an error's stack on
 * the lines below; a line that is not a JSON object is passed on unchanged.
 */
export function prettyLine(line: string, color: boolean): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return line.endsWith('\n') ? line : `${line}\n`;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const level = LEVELS[entry['level'] as number] ?? { name: String(entry['level']).toUpperCase().padEnd(5), color: '' };
  const time = typeof entry['time'] === 'string' ? entry['time'].slice(11, 23) : '';
  const fields = Object.keys(entry)
    .filter((k) => !SHOWN.has(k))
    .map((k) => `${k}=${fieldValue(entry[k])}`);
  const err = entry['err'] as { message?: unknown; stack?: unknown } | undefined;
  const msg = typeof entry['msg'] === 'string' ? entry['msg'] : '';
  const head = [color ? `${DIM}${time}${RESET}` : time, color ? `${level.color}${level.name}${RESET}` : level.name, msg].filter((s) => s !== '').join(' ');
  const rest = fields.length === 0 ? '' : ` ${color ? `${DIM}${fields.join(' ')}${RESET}` : fields.join(' ')}`;
  const stack = err === undefined ? '' : `\n    ${String(err.stack ?? err.message ?? JSON.stringify(err)).replace(/\n/g, '\n    ')}`;
  return `${head}${rest}${stack}\n`;
}

/**
 * A destination that writes each entry through {@link prettyLine} to `out`; ANSI colours only when
 * `color` (the output is a terminal).
 */
export function prettyStream(out: DestinationStream, options: { readonly color: boolean }): DestinationStream {
  return { write: (line: string) => out.write(prettyLine(line, options.color)) };
}
