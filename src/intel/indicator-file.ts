/**
 * Indicator files, in two forms:
 *
 * - **text**: one indicator per line, `address-or-prefix[,port][,protocol] [# label]`; blank lines
 *   and lines starting with `#` are ignored. Defanged dots and colons (`45[.]32[.]13[.]180`) are
 *   accepted, as published indicator lists often write them.
 *   ```text
 *   # MirrorFace C2 (ESET, Operation LiberalFace)
 *   45.32.13.180            # LODEINFO C2
 *   103.175.16.39,443,tcp   # port and protocol on the indicator's side
 *   2001:db8:bad::/48
 *   ```
 * - **JSON**: an array of such lines or of objects `{ value, port?, protocol?, label?, kind? }`;
 *   or an object with any of `indicators` (that array), `ipv4` and `ipv6` (arrays of addresses or
 *   prefixes, the shape of ESET's published IOC lists).
 *
 * Every entry is validated before anything is returned: an error names the file, the line and the
 * field, and nothing is loaded. Pure: no I/O (see `read-indicator-file.ts`).
 */
import { isSakimoriError } from '../core/errors.js';
import { ERR_INTEL_INDICATOR_FILE } from './errors.js';
import { normalizeIndicator, type IndicatorInput, type IndicatorKind } from './indicator.js';
import { scanJson } from './json-locate.js';
import { parseProtocol } from './protocols.js';

/** Defaults applied to entries that do not set them. */
export interface IndicatorFileDefaults {
  readonly label?: string | undefined;
  readonly kind?: IndicatorKind | undefined;
}

/** Parses a file by its name and content: JSON when it ends in `.json` or starts with `[` or `{`. */
export function parseIndicatorFile(text: string, file: string, defaults: IndicatorFileDefaults = {}): IndicatorInput[] {
  const body = text.replace(/^\uFEFF/, '');
  const first = body.trimStart()[0];
  return file.toLowerCase().endsWith('.json') || first === '[' || first === '{' ? parseIndicatorJson(body, file, defaults) : parseIndicatorText(body, file, defaults);
}

/** Parses the text form. */
export function parseIndicatorText(text: string, file: string, defaults: IndicatorFileDefaults = {}): IndicatorInput[] {
  const out: IndicatorInput[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const input = parseLine(raw, file, i + 1, defaults);
    if (input !== undefined) out.push(input);
  });
  return out;
}

/** Parses the JSON form. */
export function parseIndicatorJson(text: string, file: string, defaults: IndicatorFileDefaults = {}): IndicatorInput[] {
  const scan = scanJson(text);
  if (scan.error !== undefined) throw new ERR_INTEL_INDICATOR_FILE(file, scan.error.line, 'json', `not valid JSON: ${scan.error.reason}`);
  const doc: unknown = JSON.parse(text);
  const lines = scan.lines;
  const lineOf = (path: string): number => lines.get(path) ?? 1;
  const lists: Array<[string, unknown]> = [];
  if (Array.isArray(doc)) lists.push(['$', doc]);
  else if (typeof doc === 'object' && doc !== null) {
    for (const key of ['indicators', 'ipv4', 'ipv6']) if (key in doc) lists.push([`$.${key}`, (doc as Record<string, unknown>)[key]]);
  }
  if (lists.length === 0) throw new ERR_INTEL_INDICATOR_FILE(file, 1, '$', 'expected an array of indicators, or an object with "indicators", "ipv4" or "ipv6" arrays');
  const out: IndicatorInput[] = [];
  for (const [path, list] of lists) {
    if (!Array.isArray(list)) throw new ERR_INTEL_INDICATOR_FILE(file, lineOf(path), path, 'must be an array');
    list.forEach((entry: unknown, i) => {
      const at = `${path}[${i}]`;
      const input = typeof entry === 'string' ? parseLine(entry, file, lineOf(at), defaults, at) : jsonEntry(entry, file, lineOf(at), at, defaults);
      if (input === undefined) throw new ERR_INTEL_INDICATOR_FILE(file, lineOf(at), at, 'empty entry');
      out.push(input);
    });
  }
  return out;
}

/** One line of the text form (also a string entry of the JSON form); undefined for blanks and comments. */
function parseLine(raw: string, file: string, line: number, defaults: IndicatorFileDefaults, path?: string): IndicatorInput | undefined {
  const hash = raw.indexOf('#');
  const body = (hash < 0 ? raw : raw.slice(0, hash)).trim();
  const comment = hash < 0 ? '' : raw.slice(hash + 1).trim();
  if (body.length === 0) return undefined;
  const field = (name: string): string => (path === undefined ? name : `${path} ${name}`);
  const named = (f: string): string => field(f === 'value' ? 'address' : f);
  const parts = body.split(',').map((p) => p.trim());
  if (parts.length > 3) throw new ERR_INTEL_INDICATOR_FILE(file, line, field('line'), `expected address-or-prefix[,port][,protocol], found ${parts.length} fields`);
  const [value, portText = '', protoText = ''] = parts as [string, string?, string?];
  let port: number | null = null;
  if (portText !== '') {
    if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) throw new ERR_INTEL_INDICATOR_FILE(file, line, field('port'), `${JSON.stringify(portText)} is not a port 0-65535`);
    port = Number(portText);
  }
  let protocol: number | null = null;
  if (protoText !== '') {
    protocol = parseProtocol(protoText);
    if (protocol < 0) throw new ERR_INTEL_INDICATOR_FILE(file, line, field('protocol'), `${JSON.stringify(protoText)} is not a protocol name (tcp, udp, icmp, …) or number 0-255`);
  }
  const input: IndicatorInput = { value: refang(value), port, protocol, label: comment === '' ? defaults.label : comment, kind: defaults.kind };
  return validated(input, file, line, named);
}

function jsonEntry(entry: unknown, file: string, line: number, path: string, defaults: IndicatorFileDefaults): IndicatorInput {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new ERR_INTEL_INDICATOR_FILE(file, line, path, 'expected a string or an object with "value"');
  const o = entry as Record<string, unknown>;
  const value = o.value ?? o.address;
  if (typeof value !== 'string') throw new ERR_INTEL_INDICATOR_FILE(file, line, `${path}.value`, 'missing or not a string');
  const input: IndicatorInput = {
    value: refang(value),
    port: o.port as number | null | undefined,
    protocol: o.protocol as string | number | null | undefined,
    label: (o.label as string | null | undefined) ?? defaults.label,
    kind: (o.kind as IndicatorKind | undefined) ?? defaults.kind,
  };
  return validated(input, file, line, (f) => `${path}.${f}`);
}

/** Runs the indicator's own validation and turns its error into one naming file, line and field. */
function validated(input: IndicatorInput, file: string, line: number, fieldName: (field: string) => string): IndicatorInput {
  try {
    normalizeIndicator(input, 'file');
  } catch (e) {
    if (!isSakimoriError(e)) throw e;
    throw new ERR_INTEL_INDICATOR_FILE(file, line, fieldName(String(e.details?.field ?? 'value')), String(e.details?.reason ?? e.message), { cause: e });
  }
  return input;
}

/** Undoes the usual defanging of addresses in published indicator lists. */
function refang(value: string): string {
  return value
    .trim()
    .replace(/\[\.\]|\(\.\)|\{\.\}/g, '.')
    .replace(/\[:\]/g, ':');
}
