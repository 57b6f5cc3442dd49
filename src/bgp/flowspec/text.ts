/**
 * The canonical text form of FlowSpec rules and actions, close to what GoBGP prints so operators
 * can compare: `[destination: 203.0.113.7/32][protocol: ==6][destination-port: >=1024&<=2048]`.
 * Terms joined by AND are written with `&`, terms joined by OR with a space. IPv6 prefixes with
 * an offset use the RFC 8956 §3.1 notation `address/offset-length`.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { isBitmaskKind, isPrefixKind, type BitmaskTerm, type FlowSpecComponent, type FlowSpecRule, type NumericTerm } from './rule.js';

const TCP_FLAG_LETTERS = 'FSRPAUEC';
const FRAGMENT_NAMES = ['dont-fragment', 'is-fragment', 'first-fragment', 'last-fragment'];

function numericText(t: NumericTerm): string {
  if (t.op === 'true' || t.op === 'false') return t.value === 0 ? t.op : `${t.op}:${t.value}`;
  return `${t.op}${t.value}`;
}

function tcpFlagsText(v: number): string {
  if (v === 0 || v > 0xff) return `0x${v.toString(16)}`;
  let s = '';
  for (let i = 0; i < 8; i++) if ((v & (1 << i)) !== 0) s += TCP_FLAG_LETTERS[i];
  return s;
}

function fragmentText(v: number): string {
  if (v === 0 || v > 0x0f) return `0x${v.toString(16)}`;
  return FRAGMENT_NAMES.filter((_, i) => (v & (1 << i)) !== 0).join('+');
}

function bitmaskText(t: BitmaskTerm, kind: 'tcp-flags' | 'fragment'): string {
  const op = t.not && t.match ? '!=' : t.match ? '=' : t.not ? '!' : '';
  return op + (kind === 'tcp-flags' ? tcpFlagsText(t.value) : fragmentText(t.value));
}

function joinTerms(texts: readonly string[], terms: readonly { and: boolean }[]): string {
  let s = '';
  texts.forEach((t, i) => {
    s += i === 0 ? t : terms[i]!.and ? `&${t}` : ` ${t}`;
  });
  return s;
}

/** Text of one component's value (without the `[kind: ...]` brackets). */
export function componentValueText(c: FlowSpecComponent): string {
  if (isPrefixKind(c.kind)) {
    const pc = c as { prefix: string; offset?: number };
    if (pc.offset === undefined || pc.offset === 0) return pc.prefix;
    const slash = pc.prefix.lastIndexOf('/');
    return `${pc.prefix.slice(0, slash)}/${pc.offset}-${pc.prefix.slice(slash + 1)}`;
  }
  if (isBitmaskKind(c.kind)) {
    const kind = c.kind;
    const terms = (c as { terms: readonly BitmaskTerm[] }).terms;
    return joinTerms(
      terms.map((t) => bitmaskText(t, kind)),
      terms,
    );
  }
  const terms = (c as { terms: readonly NumericTerm[] }).terms;
  return joinTerms(terms.map(numericText), terms);
}

/** The canonical text of a (normalised) rule: one `[kind: value]` group per component, in type order. */
export function formatFlowSpecRule(rule: FlowSpecRule): string {
  return rule.components.map((c) => `[${c.kind}: ${componentValueText(c)}]`).join('');
}
