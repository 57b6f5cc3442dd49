/**
 * Compiles one STIX 2.1 indicator pattern into flow-matcher indicators ({@link IndicatorInput}),
 * exactly when the flow matcher decides the same thing the pattern does, and refuses it with a
 * reason otherwise — never a broader match (that would raise sightings on lawful traffic), never
 * part of a pattern silently.
 *
 * ## The model: what a flow record observes
 *
 * The flow matcher looks at one record at a time and matches an indicator — a prefix, optionally
 * narrowed to a port and a protocol on the indicator's side — against either end of it. A flow
 * record is one direction of a conversation, and exporters send the other direction as a record
 * of its own, so one record observes (see `testing/flow-observed-data.ts`, which the differential
 * test uses as the reference):
 *
 * - an `ipv4-addr` or `ipv6-addr` object for each end, its `value` in canonical text (IPv4 dotted,
 *   IPv6 as RFC 5952; IPv4-mapped addresses as IPv4);
 * - a `network-traffic` object in the record's direction and one in the reverse direction, with
 *   `src_ref`/`dst_ref`, `src_port`/`dst_port` and `protocols: [<ipv4|ipv6>, <transport name>]`.
 *
 * So `network-traffic:dst_ref.value = 'X' AND network-traffic:dst_port = 443` holds for a record
 * to X port 443 and for the reply from X port 443: the indicator `X,443`. `src_ref` compiles the
 * same way.
 *
 * ## What compiles
 *
 * - One observation, or observations joined by OR (each compiled, results united).
 * - Inside `[ … ]`: comparisons joined by AND / OR on `ipv4-addr:value`, `ipv6-addr:value`,
 *   `network-traffic:src_ref.value | dst_ref.value | src_port | dst_port | protocols[*]`, where
 *   every AND-ed group is about one object type (AND inside brackets must hold for one object),
 *   constrains an address, and — for network-traffic — one end only.
 * - Addresses: `=` and `IN` with canonical address text (STIX compares them as text), `ISSUBSET`
 *   with an address or CIDR prefix, `ISSUPERSET` with a single address. Ports: `=` or `IN` with
 *   integers. Protocols: `=` or `IN` with the lower-case names flows carry (`tcp`, `udp`, …).
 *
 * Everything else is refused with a {@link SkipCode} and a reason: NOT, `!=`, `<`/`>`, LIKE,
 * MATCHES, EXISTS, AND / FOLLOWEDBY between observations, WITHIN / REPEATS / START-STOP, other
 * object types or properties, a port or protocol without an address, both ends at once, literals
 * that can never equal what a flow carries, and patterns past {@link MAX_TERMS} / {@link MAX_INPUTS}.
 *
 * Pure: no I/O.
 */
import { formatIPv4, formatIPv6Words, formatPrefix, type Prefix, parsePrefix, tryParseAddress } from '../../core/ip.js';
import type { Comparison, ComparisonExpression, Literal, ObservationExpression, PatternAst } from '../../stix/pattern/index.js';
import { parsePattern } from '../../stix/pattern/index.js';
import { type IndicatorInput, type IndicatorKind, indicatorKey } from '../indicator.js';
import { parseProtocol, protocolName } from '../protocols.js';

/** Why an indicator was not compiled into the flow matcher. */
export type SkipCode =
  /** `pattern_type` is not `stix` (Snort, YARA, Sigma…). */
  | 'not-stix-pattern'
  /** Made by the platform from its own detections (published attack sources, sightings' indicators): already tracked. */
  | 'own-publication'
  | 'revoked'
  | 'not-yet-valid'
  | 'expired'
  /** The pattern does not parse. */
  | 'invalid-pattern'
  /** NOT / `!=`: the complement of a set is not an indicator. */
  | 'negation'
  /** An operator the matcher cannot decide (`<`, LIKE, MATCHES, EXISTS…). */
  | 'operator'
  /** AND / FOLLOWEDBY between observations, or WITHIN / REPEATS / START-STOP. */
  | 'observation'
  /** An object type or property a flow record does not carry. */
  | 'non-network'
  /** AND across object types, or a network-traffic constraint on both ends. */
  | 'combination'
  /** A port or protocol with no address to attach it to. */
  | 'no-address'
  /** A literal no flow value can equal (non-canonical address text, port 70000, `TCP`…). */
  | 'literal'
  /** The pattern's conditions contradict each other: it never matches. */
  | 'never-matches'
  /** Past {@link MAX_TERMS} or {@link MAX_INPUTS}. */
  | 'too-complex';

/** What a compiled indicator carries besides its pattern. */
export interface IndicatorMeta {
  readonly label?: string | null | undefined;
  readonly kind?: IndicatorKind | undefined;
}

/** Result of {@link compileIndicatorPattern}. */
export type PatternCompilation = { readonly ok: true; readonly inputs: readonly IndicatorInput[] } | { readonly ok: false; readonly code: SkipCode; readonly reason: string };

/** Most AND-ed groups a pattern may expand to (OR inside AND multiplies them). */
export const MAX_TERMS = 1000;

/** Most indicators one pattern may compile into. */
export const MAX_INPUTS = 10_000;

class Refusal {
  constructor(
    readonly code: SkipCode,
    readonly reason: string,
  ) {}
}

function refuse(code: SkipCode, reason: string): never {
  throw new Refusal(code, reason);
}

type AddressField = 'address' | 'src-address' | 'dst-address';
type Field = AddressField | 'src-port' | 'dst-port' | 'protocol';
type ObjectType = 'ipv4-addr' | 'ipv6-addr' | 'network-traffic';

/** An address set: canonical prefixes. */
interface Net {
  readonly prefix: Prefix;
  /** Canonical text as the indicator set writes it (a host prefix as a bare address). */
  readonly text: string;
}

/** One comparison, converted: the values it allows for one field of one object type. */
interface Atom {
  readonly type: ObjectType;
  readonly field: Field;
  readonly nets: readonly Net[];
  readonly numbers: readonly number[];
}

/**
 * Compiles a STIX pattern (text or parsed) into indicators labelled and kinded from `meta`, or
 * says why it cannot be compiled faithfully.
 *
 * @example
 * ```ts
 * compileIndicatorPattern("[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 443]", { label: 'LODEINFO C2', kind: 'c2' });
 * // { ok: true, inputs: [{ value: '198.51.100.7', port: 443, protocol: null, label: 'LODEINFO C2', kind: 'c2' }] }
 * compileIndicatorPattern("[ipv4-addr:value NOT = '198.51.100.7']");
 * // { ok: false, code: 'negation', reason: 'NOT …' }
 * ```
 */
export function compileIndicatorPattern(pattern: string | PatternAst, meta: IndicatorMeta = {}): PatternCompilation {
  let ast: PatternAst;
  if (typeof pattern === 'string') {
    const parsed = parsePattern(pattern);
    if (!parsed.ok) return { ok: false, code: 'invalid-pattern', reason: `${parsed.error.line}:${parsed.error.column}: ${parsed.error.message}` };
    ast = parsed.ast;
  } else ast = pattern;
  try {
    const inputs: IndicatorInput[] = [];
    const seen = new Set<string>();
    let contradictions = 0;
    for (const term of observationTerms(ast, [])) {
      const made = termInputs(term, meta);
      if (made.length === 0) contradictions++;
      for (const input of made) {
        const key = indicatorKey(input.value, input.port ?? null, typeof input.protocol === 'number' ? input.protocol : null);
        if (seen.has(key)) continue;
        seen.add(key);
        inputs.push(input);
        if (inputs.length > MAX_INPUTS) refuse('too-complex', `the pattern expands to more than ${MAX_INPUTS} indicators`);
      }
    }
    if (inputs.length === 0) refuse('never-matches', contradictions > 0 ? 'its conditions contradict each other: no flow can match' : 'no flow can match');
    return { ok: true, inputs };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, code: e.code, reason: e.reason };
    throw e;
  }
}

/** The AND-ed groups of every observation joined by OR. */
function observationTerms(e: ObservationExpression, out: Atom[][]): Atom[][] {
  switch (e.kind) {
    case 'observation':
      for (const t of comparisonTerms(e.comparison)) {
        out.push(t);
        if (out.length > MAX_TERMS) refuse('too-complex', `the pattern expands to more than ${MAX_TERMS} alternatives`);
      }
      return out;
    case 'observation-binary':
      if (e.operator !== 'or') refuse('observation', `${e.operator.toUpperCase()} between observations needs several observations; the flow matcher judges one record at a time`);
      observationTerms(e.left, out);
      return observationTerms(e.right, out);
    case 'within':
      return refuse('observation', 'WITHIN needs several timed observations; the flow matcher judges one record at a time');
    case 'repeats':
      return refuse('observation', 'REPEATS needs several observations; the flow matcher judges one record at a time');
    case 'start-stop':
      return refuse('observation', 'START/STOP limits when the pattern holds; the flow matcher has no time window');
  }
}

/** Disjunctive normal form of a comparison expression: OR of AND-ed atoms. */
function comparisonTerms(e: ComparisonExpression): Atom[][] {
  if (e.kind === 'exists') refuse(e.negated ? 'negation' : 'operator', 'EXISTS is not decidable from a flow record');
  if (e.kind === 'comparison') return [[atomOf(e)]];
  const left = comparisonTerms(e.left);
  const right = comparisonTerms(e.right);
  if (e.operator === 'or') {
    if (left.length + right.length > MAX_TERMS) refuse('too-complex', `the pattern expands to more than ${MAX_TERMS} alternatives`);
    return [...left, ...right];
  }
  if (left.length * right.length > MAX_TERMS) refuse('too-complex', `the pattern expands to more than ${MAX_TERMS} alternatives`);
  return left.flatMap((l) => right.map((r) => [...l, ...r]));
}

function pathText(c: Comparison): string {
  return c.path.steps.map((s) => (s.kind === 'key' ? s.key : s.kind === 'index' ? `[${s.index}]` : '[*]')).join('.');
}

function fieldOf(c: Comparison): Field {
  const type = c.path.objectType;
  const path = pathText(c);
  if (type === 'ipv4-addr' || type === 'ipv6-addr') {
    if (path === 'value') return 'address';
  } else if (type === 'network-traffic') {
    switch (path) {
      case 'src_ref.value':
        return 'src-address';
      case 'dst_ref.value':
        return 'dst-address';
      case 'src_port':
        return 'src-port';
      case 'dst_port':
        return 'dst-port';
      case 'protocols.[*]':
        return 'protocol';
    }
  } else refuse('non-network', `${type} objects are not in flow records`);
  return refuse('non-network', `${type}:${path.replace('.[', '[')} is not in flow records`);
}

function atomOf(c: Comparison): Atom {
  const field = fieldOf(c);
  const type = c.path.objectType as ObjectType;
  const where = `${type}:${pathText(c).replace('.[', '[')}`;
  if (c.negated) refuse('negation', `NOT ${c.operator} on ${where}: the complement of a set is not an indicator`);
  if (c.operator === '!=') refuse('negation', `!= on ${where}: the complement of a set is not an indicator`);
  if (field === 'address' || field === 'src-address' || field === 'dst-address') return { type, field, nets: addressNets(c, type, where), numbers: [] };
  if (c.operator !== '=' && c.operator !== 'IN') refuse('operator', `${c.operator} on ${where}: only = and IN compile`);
  const literals: readonly Literal[] = c.value.kind === 'set' ? c.value.values : [c.value];
  if ((c.operator === 'IN') !== (c.value.kind === 'set')) refuse('literal', `${c.operator} on ${where} needs ${c.operator === 'IN' ? 'a set' : 'one value'}`);
  if (field === 'protocol') return { type, field, nets: [], numbers: literals.map((l) => protocolOf(l, where)) };
  return { type, field, nets: [], numbers: literals.map((l) => portOf(l, where)) };
}

function portOf(l: Literal, where: string): number {
  if (l.kind !== 'int' || l.value < 0 || l.value > 65535) refuse('literal', `${where}: ${literalText(l)} is not a port number 0-65535`);
  return l.value;
}

function protocolOf(l: Literal, where: string): number {
  const n = l.kind === 'string' ? parseProtocol(l.value) : -1;
  // Flows carry the lower-case name (or the number as text when it has none); STIX compares text.
  if (l.kind !== 'string' || n < 0 || protocolName(n) !== l.value) refuse('literal', `${where}: ${literalText(l)} is not a transport protocol as flows name it (tcp, udp, icmp, …)`);
  return n;
}

function literalText(l: Literal): string {
  return l.kind === 'string' ? `'${l.value}'` : 'text' in l ? l.text : l.kind;
}

function addressNets(c: Comparison, type: ObjectType, where: string): Net[] {
  const strings = (c.value.kind === 'set' ? c.value.values : [c.value]).map((l) => (l.kind === 'string' ? l.value : refuse('literal', `${where}: ${literalText(l)} is not an address`)));
  switch (c.operator) {
    case '=':
    case 'IN':
      if ((c.operator === 'IN') !== (c.value.kind === 'set')) refuse('literal', `${c.operator} on ${where} needs ${c.operator === 'IN' ? 'a set' : 'one value'}`);
      return strings.map((s) => canonicalHost(s, type, where, c.operator));
    case 'ISSUBSET':
      return [prefixNet(strings[0]!, type, where)];
    case 'ISSUPERSET': {
      // A flow's address is one address: it contains the operand only when the operand is it.
      const net = prefixNet(strings[0]!, type, where);
      if (net.prefix.length !== 128) refuse('never-matches', `${where} ISSUPERSET '${strings[0]}': a single address never contains a wider prefix`);
      return [net];
    }
    default:
      return refuse('operator', `${c.operator} on ${where}: addresses compile with =, IN, ISSUBSET and ISSUPERSET`);
  }
}

/** `=` and IN compare text: only the canonical text of one address can equal what a flow carries. */
function canonicalHost(text: string, type: ObjectType, where: string, op: string): Net {
  const w = text.includes('/') ? undefined : tryParseAddress(text);
  const net = w === undefined ? undefined : prefixNet(text, type, where);
  const canonical = w === undefined ? undefined : net?.prefix.family === 4 ? formatIPv4(w[3]) : formatIPv6Words(w[0], w[1], w[2], w[3]);
  if (net === undefined || canonical !== text) {
    refuse(
      'literal',
      `${where} ${op} '${text}': STIX compares addresses as text with ${op}, and flows write one address in canonical form${w === undefined ? '' : ` ('${canonical}')`}; use ISSUBSET to match any spelling`,
    );
  }
  return net;
}

/** An address or prefix literal as the matcher's prefix; host bits beyond the length are ignored, as STIX does. */
function prefixNet(text: string, type: ObjectType, where: string): Net {
  let p: Prefix;
  try {
    p = parsePrefix(text);
  } catch {
    return refuse('literal', `${where}: '${text}' is not an IPv4 or IPv6 address or prefix`);
  }
  if (p.family === 4 && type === 'ipv6-addr') refuse('literal', `${where}: '${text}' is IPv4 and an ipv6-addr never holds it`);
  if (p.family === 6 && type === 'ipv4-addr') refuse('literal', `${where}: '${text}' is IPv6 and an ipv4-addr never holds it`);
  if (p.family === 6 && (p.length < 96 ? coversMapped(p) : p.words[0] === 0 && p.words[1] === 0 && p.words[2] === 0xffff)) {
    // Flows write IPv4 addresses as IPv4; as IPv6 text they would match nothing, and an IPv6
    // prefix over the mapped range would make the matcher match IPv4 too.
    refuse('literal', `${where}: '${text}' covers IPv4-mapped addresses, which flows write as IPv4`);
  }
  return { prefix: p, text: p.length === 128 ? (p.family === 4 ? formatIPv4(p.words[3]) : formatIPv6Words(...p.words)) : formatPrefix(p) };
}

function coversMapped(p: Prefix): boolean {
  const m = [0, 0, 0xffff, 0];
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, p.length - 32 * k));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if ((m[k]! & mask) >>> 0 !== p.words[k]) return false;
  }
  return true;
}

/** The indicators of one AND-ed group; empty when its conditions contradict each other. */
function termInputs(term: readonly Atom[], meta: IndicatorMeta): IndicatorInput[] {
  const type = term[0]!.type;
  if (term.some((a) => a.type !== type)) refuse('combination', `AND across ${[...new Set(term.map((a) => a.type))].join(' and ')}: inside [ … ] every comparison must hold for one object`);
  let nets: readonly Net[] | undefined;
  let ports: readonly number[] | undefined;
  let protocols: readonly number[] | undefined;
  let side: 'src' | 'dst' | undefined;
  for (const a of term) {
    if (a.field !== 'address' && a.field !== 'protocol') {
      const s = a.field.startsWith('src') ? 'src' : 'dst';
      if (side !== undefined && side !== s) refuse('combination', 'network-traffic constrained on both ends: the flow matcher matches an indicator against one end');
      side = s;
    }
    if (a.field === 'protocol') protocols = intersectNumbers(protocols, a.numbers);
    else if (a.field === 'src-port' || a.field === 'dst-port') ports = intersectNumbers(ports, a.numbers);
    else nets = intersectNets(nets, a.nets);
  }
  if (nets === undefined) refuse('no-address', `${ports === undefined ? 'a protocol' : 'a port'} without an address would match every host`);
  const out: IndicatorInput[] = [];
  for (const n of nets) {
    for (const port of ports ?? [null]) {
      for (const protocol of protocols ?? [null]) {
        out.push({ value: n.text, port, protocol, label: meta.label ?? null, kind: meta.kind });
        if (out.length > MAX_INPUTS) refuse('too-complex', `the pattern expands to more than ${MAX_INPUTS} indicators`);
      }
    }
  }
  return out;
}

function intersectNumbers(a: readonly number[] | undefined, b: readonly number[]): readonly number[] {
  const set = new Set(b);
  return a === undefined ? [...set] : a.filter((x) => set.has(x));
}

/** Prefixes nest or are disjoint, so two sets of them intersect in the longer of each nested pair. */
function intersectNets(a: readonly Net[] | undefined, b: readonly Net[]): readonly Net[] {
  const dedupe = (nets: readonly Net[]): Net[] => [...new Map(nets.map((n) => [n.text, n])).values()];
  if (a === undefined) return dedupe(b);
  const out: Net[] = [];
  for (const x of a) {
    for (const y of b) {
      if (contains(x.prefix, y.prefix)) out.push(y);
      else if (contains(y.prefix, x.prefix)) out.push(x);
    }
  }
  return dedupe(out);
}

function contains(outer: Prefix, inner: Prefix): boolean {
  if (outer.length > inner.length) return false;
  for (let k = 0; k < 4; k++) {
    const bits = Math.max(0, Math.min(32, outer.length - 32 * k));
    if (bits === 0) return true;
    const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
    if ((inner.words[k]! & mask) >>> 0 !== outer.words[k]) return false;
  }
  return true;
}
