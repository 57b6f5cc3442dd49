import { pino, destination as pinoDestination, stdTimeFunctions, type Logger, type DestinationStream } from 'pino';

/** Logging settings, a subset of the `log` configuration section. */
export interface LoggerOptions {
  readonly level: string;
  /** Pretty single-line output for humans instead of JSON lines. */
  readonly pretty?: boolean;
}

/**
 * Creates the process-wide structured logger. It is created once by the composition root and
 * passed to components; nothing imports a logger singleton.
 */
export function createLogger(options: LoggerOptions, destination?: DestinationStream): Logger {
  const base = { level: options.level, base: { app: 'sakimori' }, timestamp: stdTimeFunctions.isoTime };
  if (destination !== undefined) return pino(base, destination);
  return pino(base, pinoDestination({ fd: 2, sync: false }));
}

/** A logger that drops everything; for tests. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
