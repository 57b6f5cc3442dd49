/**
 * Indicators: known-bad addresses and prefixes (IPv4 or IPv6), optionally narrowed to one port and
 * protocol on the indicator's side of a flow — `45.32.13.180,443,tcp` matches flows to or from TCP
 * port 443 of that address. An indicator's identity is its canonical {@link Indicator.key}, so the
 * same indicator loaded twice is one indicator.
 *
 * Pure: no I/O.
 */
import { formatIPv4, formatPrefix, maskWords, parsePrefix, prefixContains, type Prefix } from '../core/ip.js';
import { ERR_INTEL_INVALID_INDICATOR } from './errors.js';
import type { IndicatorRelease } from './indicator-release.js';
import { parseProtocol, protocolName } from './protocols.js';

/**
 * What an indicator means for the hosts that talk to it: `c2` — a command-and-control server, so
 * a protected host contacting it is likely infected; `watch` — record sightings only.
 */
export type IndicatorKind = 'c2' | 'watch';

/** Every {@link IndicatorKind}. */
export const INDICATOR_KINDS: readonly IndicatorKind[] = ['c2', 'watch'];

/** An indicator as a file, the CLI or a threat-intelligence feed gives it. */
export interface IndicatorInput {
  /** Address or prefix: `45.32.13.180`, `203.0.113.0/24`, `2001:db8::/32`. */
  readonly value: string;
  /** Port on the indicator's side of the flow; absent or null for any port. */
  readonly port?: number | null | undefined;
  /** Protocol name (`tcp`) or number; absent or null for any protocol. */
  readonly protocol?: number | string | null | undefined;
  /** Free text shown with sightings, e.g. `MirrorFace C2`. */
  readonly label?: string | null | undefined;
  /** Defaults to `c2`. */
  readonly kind?: IndicatorKind | undefined;
  /** Set for indicators compiled from STIX: who may see the indicator (see `indicator-release.ts`). */
  readonly release?: IndicatorRelease | undefined;
}

/** A validated indicator in canonical form. */
export interface Indicator {
  /** Canonical identity: `value[,port][,protocol]`, e.g. `45.32.13.180,443,tcp`. */
  readonly key: string;
  /** Canonical address (host prefix) or prefix text, in the family it was written in. */
  readonly value: string;
  /** The prefix in the 128-bit space (IPv4 mapped, so an IPv4 /24 has length 120). */
  readonly prefix: Prefix;
  readonly port: number | null;
  readonly protocol: number | null;
  readonly label: string | null;
  readonly kind: IndicatorKind;
  /** Where it came from: a file, a feed, the CLI. Loading a source again replaces its indicators. */
  readonly source: string;
  /** Present when compiled from a STIX indicator: its markings decide who may see the indicator. */
  readonly release?: IndicatorRelease;
}

const MAX_LABEL = 200;

/** Fields of an indicator that validation names in its errors (`details.field`). */
export type IndicatorField = 'value' | 'port' | 'protocol' | 'label' | 'kind';

function invalid(text: string, field: IndicatorField, reason: string, cause?: unknown): never {
  throw new ERR_INTEL_INVALID_INDICATOR(JSON.stringify(text), reason, { cause, details: { field, reason } });
}

/**
 * Validates an indicator and puts it in canonical form. IPv4-mapped IPv6 text (`::ffff:192.0.2.1`)
 * becomes IPv4; host bits beyond the prefix length are refused as a likely typo.
 *
 * @throws {@link ERR_INTEL_INVALID_INDICATOR} naming the value and what is wrong.
 */
export function normalizeIndicator(input: IndicatorInput, source: string): Indicator {
  const text = typeof input.value === 'string' ? input.value.trim() : '';
  const prefix = toPrefix(text);
  const port = normalizePort(input.port, text);
  const protocol = normalizeProtocol(input.protocol, text);
  const label = normalizeLabel(input.label, text);
  const kind = input.kind ?? 'c2';
  if (!INDICATOR_KINDS.includes(kind)) invalid(text, 'kind', `kind must be one of ${INDICATOR_KINDS.join(', ')}`);
  const value = canonicalValue(prefix);
  const key = indicatorKey(value, port, protocol);
  return input.release === undefined ? { key, value, prefix, port, protocol, label, kind, source } : { key, value, prefix, port, protocol, label, kind, source, release: input.release };
}

/** The canonical key of an indicator: `value[,port][,protocol]` (`1.2.3.4,,udp` when only a protocol). */
export function indicatorKey(value: string, port: number | null, protocol: number | null): string {
  if (protocol !== null) return `${value},${port ?? ''},${protocolName(protocol)}`;
  return port === null ? value : `${value},${port}`;
}

/**
 * A one-line description in STIX cyber-observable terms, for infection evidence and logs:
 * `ipv4-addr:45.32.13.180 port 443/tcp (MirrorFace C2)`.
 */
export function describeIndicator(ind: Indicator): string {
  const type = ind.prefix.family === 4 ? 'ipv4-addr' : 'ipv6-addr';
  let s = `${type}:${ind.value}`;
  if (ind.port !== null) s += ` port ${ind.port}`;
  if (ind.protocol !== null) s += `${ind.port === null ? ' protocol ' : '/'}${protocolName(ind.protocol)}`;
  return ind.label === null ? s : `${s} (${ind.label})`;
}

function toPrefix(text: string): Prefix {
  if (text.length === 0) invalid(text, 'value', 'empty address');
  let p: Prefix;
  try {
    p = parsePrefix(text, { strict: true });
  } catch (e) {
    invalid(text, 'value', 'not an IPv4 or IPv6 address, or a prefix with host bits set', e);
  }
  if (p.family === 6 && p.length < 96 && prefixContains(p, 0, 0, 0xffff, 0)) {
    // Such a prefix would match every IPv4 address as well; almost certainly a mistake.
    invalid(text, 'value', 'an IPv6 prefix shorter than /96 may not cover the IPv4-mapped range');
  }
  if (p.family === 6 && p.length >= 96 && p.words[0] === 0 && p.words[1] === 0 && p.words[2] === 0xffff) {
    return { words: maskWords(p.words, p.length), length: p.length, family: 4 };
  }
  return p;
}

function canonicalValue(p: Prefix): string {
  if (p.length === 128) return p.family === 4 ? formatIPv4(p.words[3]) : formatPrefix(p).replace(/\/128$/, '');
  return formatPrefix(p);
}

function normalizePort(v: unknown, text: string): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 65535) invalid(text, 'port', `port ${JSON.stringify(v)} is not an integer 0-65535`);
  return v;
}

function normalizeProtocol(v: unknown, text: string): number | null {
  if (v === undefined || v === null) return null;
  const n = typeof v === 'number' ? (Number.isInteger(v) && v >= 0 && v <= 255 ? v : -1) : typeof v === 'string' ? parseProtocol(v) : -1;
  if (n < 0) invalid(text, 'protocol', `protocol ${JSON.stringify(v)} is not a protocol name (tcp, udp, …) or number 0-255`);
  return n;
}

function normalizeLabel(v: unknown, text: string): string | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') invalid(text, 'label', 'label must be text');
  const t = v.trim();
  if (t.length === 0) return null;
  if (t.length > MAX_LABEL) invalid(text, 'label', `label longer than ${MAX_LABEL} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(t)) invalid(text, 'label', 'label holds control characters');
  return t;
}
