/**
 * Listen addresses (`host:port`, `[v6]:port`) as every listener takes them — the collector's UDP
 * sockets, the HTTP API and metrics listeners, the BGP speaker's passive side — and the one parser
 * that reads them. The configuration schema and the parser accept exactly the same texts.
 */
import Type from 'typebox';
import { defineError } from './errors.js';

/** A listen address that is not `host:port` or `[v6]:port`, or whose port is above 65535. */
export const ERR_LISTEN_ADDRESS = defineError<[string]>('SAKIMORI_ERR_LISTEN_ADDRESS', 'invalid listen address %s (expected host:port or [v6]:port, the port from 0 to 65535)', 400);

/** Host (a bracketed IPv6 address, an IPv4 address or a name) and port, as the schema accepts them. */
const LISTEN_PATTERN = '^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|[A-Za-z0-9.-]+):[0-9]{1,5}$';
const LISTEN_RE = new RegExp(LISTEN_PATTERN);

/** A UDP/TCP listen address in the configuration: `host:port`, `[v6]:port`. */
export const ListenAddress = Type.String({ pattern: LISTEN_PATTERN, description: 'host:port or [v6]:port' });

/** A parsed listen address. */
export interface ListenSpec {
  /** The address as written (for messages). */
  readonly text: string;
  /** Host without brackets. */
  readonly host: string;
  /** 0 asks the system for a free port. */
  readonly port: number;
  readonly family: 4 | 6;
}

/**
 * Parses `host:port` or `[v6]:port`; throws {@link ERR_LISTEN_ADDRESS} for anything else,
 * including a port above 65535.
 *
 * @example
 * ```ts
 * parseListen('[::1]:2055'); // { text: '[::1]:2055', host: '::1', port: 2055, family: 6 }
 * ```
 */
export function parseListen(text: string): ListenSpec {
  const m = LISTEN_RE.exec(text);
  const port = m === null ? NaN : Number(text.slice(text.lastIndexOf(':') + 1));
  if (m === null || port > 65535) throw new ERR_LISTEN_ADDRESS(JSON.stringify(text));
  const host = m[1]!.startsWith('[') ? m[1]!.slice(1, -1) : m[1]!;
  return { text, host, port, family: host.includes(':') ? 6 : 4 };
}
