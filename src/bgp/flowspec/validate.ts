/**
 * Validation and normalisation of FlowSpec rules: components in strictly increasing type order
 * (RFC 8955 §4.2), values within each component's range, operators well formed, family-specific
 * components only where they belong (RFC 8956 §3), and prefixes in canonical form.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatPrefix, maskWords, parsePrefix, type AddressWords, type Prefix } from '../../core/ip.js';
import { ERR_BGP_FLOWSPEC_INVALID } from '../errors.js';
import {
  COMPONENT_TYPE,
  FragmentFlag,
  NUMERIC_MAX,
  isBitmaskKind,
  isPrefixKind,
  type BitmaskTerm,
  type FlowSpecComponent,
  type FlowSpecFamily,
  type FlowSpecRule,
  type NumericComparison,
  type NumericTerm,
} from './rule.js';

const COMPARISONS: ReadonlySet<NumericComparison> = new Set(['false', '==', '>', '>=', '<', '<=', '!=', 'true']);
/** RFC 8955 §4.1: the NLRI length field tops out at 0xfff octets. */
export const MAX_FLOWSPEC_NLRI_LENGTH = 0xfff;

/** Zeroes the bits before `offset` (the "don't care" bits of RFC 8956 §3.1). */
function clearLeadingBits(words: Readonly<AddressWords>, offset: number): AddressWords {
  const keep = maskWords([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], offset);
  return [(words[0] & ~keep[0]) >>> 0, (words[1] & ~keep[1]) >>> 0, (words[2] & ~keep[2]) >>> 0, (words[3] & ~keep[3]) >>> 0];
}

/** Parses a prefix component's prefix for `family`, or returns a problem. */
export function componentPrefix(c: { prefix: string; offset?: number }, family: FlowSpecFamily): Prefix | string {
  let p: Prefix;
  try {
    p = parsePrefix(c.prefix, { strict: true });
  } catch (e) {
    return (e as Error).message;
  }
  if ((p.family === 4) !== (family === 'ipv4')) return `prefix ${c.prefix} is not ${family}`;
  const offset = c.offset ?? 0;
  if (offset === 0) return p;
  if (family === 'ipv4') return 'an offset is only defined for IPv6 prefixes (RFC 8956 §3.1)';
  if (!Number.isInteger(offset) || offset < 0 || offset >= p.length) return `offset ${offset} must be below the prefix length ${p.length}`;
  return { words: clearLeadingBits(p.words, offset), length: p.length, family: 6 };
}

function numericProblems(kind: keyof typeof NUMERIC_MAX, terms: readonly NumericTerm[], family: FlowSpecFamily): string[] {
  const out: string[] = [];
  if (kind === 'flow-label' && family === 'ipv4') out.push('flow-label is only defined for IPv6 (RFC 8956 §3.7)');
  const max = NUMERIC_MAX[kind];
  terms.forEach((t, i) => {
    if (!COMPARISONS.has(t.op)) out.push(`${kind} term ${i}: unknown comparison ${String(t.op)}`);
    if (!Number.isInteger(t.value) || t.value < 0 || t.value > max) out.push(`${kind} term ${i}: value ${t.value} outside 0..${max}`);
  });
  return out;
}

function bitmaskProblems(kind: 'tcp-flags' | 'fragment', terms: readonly BitmaskTerm[], family: FlowSpecFamily): string[] {
  const out: string[] = [];
  const allowed = kind === 'tcp-flags' ? 0xffff : family === 'ipv4' ? 0x0f : 0x0e;
  terms.forEach((t, i) => {
    if (!Number.isInteger(t.value) || t.value < 0 || (t.value & ~allowed) !== 0) {
      const why = kind === 'fragment' && family === 'ipv6' && (t.value & FragmentFlag.DontFragment) !== 0 ? ' (no DF bit for IPv6, RFC 8956 §3.6)' : '';
      out.push(`${kind} term ${i}: value ${t.value} has bits outside 0x${allowed.toString(16)}${why}`);
    }
  });
  return out;
}

function componentProblems(c: FlowSpecComponent, family: FlowSpecFamily): string[] {
  if (COMPONENT_TYPE[c.kind] === undefined) return [`unknown component ${String(c.kind)}`];
  if (isPrefixKind(c.kind)) {
    const p = componentPrefix(c as { prefix: string; offset?: number }, family);
    return typeof p === 'string' ? [`${c.kind}: ${p}`] : [];
  }
  const terms = (c as { terms: readonly (NumericTerm | BitmaskTerm)[] }).terms;
  if (!Array.isArray(terms) || terms.length === 0) return [`${c.kind}: needs at least one term`];
  const out: string[] = [];
  // RFC 8955 §4.2.1.1: the first term has nothing to be ANDed with.
  if (terms[0]!.and) out.push(`${c.kind}: the first term cannot be joined with AND`);
  if (isBitmaskKind(c.kind)) out.push(...bitmaskProblems(c.kind, terms as BitmaskTerm[], family));
  else out.push(...numericProblems(c.kind as keyof typeof NUMERIC_MAX, terms as NumericTerm[], family));
  return out;
}

/** Lists every problem of a rule; empty when it is valid. */
export function flowSpecRuleProblems(rule: FlowSpecRule): string[] {
  if (rule.family !== 'ipv4' && rule.family !== 'ipv6') return [`unknown family ${String(rule.family)}`];
  if (!Array.isArray(rule.components) || rule.components.length === 0) {
    // An empty NLRI matches every packet: never what a countermeasure means.
    return ['a rule needs at least one component (an empty rule matches all traffic)'];
  }
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of rule.components) {
    if (seen.has(c.kind)) out.push(`component ${c.kind} appears twice`);
    seen.add(c.kind);
    out.push(...componentProblems(c, rule.family));
  }
  return out;
}

/**
 * Validates a rule and returns its canonical form: components sorted by type, prefixes in
 * canonical text with the don't-care bits before an offset cleared, zero offsets dropped, and
 * only the model's own fields kept. Throws {@link ERR_BGP_FLOWSPEC_INVALID} listing every problem.
 */
export function normaliseFlowSpecRule(rule: FlowSpecRule): FlowSpecRule {
  const problems = flowSpecRuleProblems(rule);
  if (problems.length > 0) throw new ERR_BGP_FLOWSPEC_INVALID(problems.join('; '));
  const components = [...rule.components]
    .sort((a, b) => COMPONENT_TYPE[a.kind] - COMPONENT_TYPE[b.kind])
    .map((c): FlowSpecComponent => {
      if (isPrefixKind(c.kind)) {
        const pc = c as { prefix: string; offset?: number };
        const p = componentPrefix(pc, rule.family) as Prefix;
        const offset = pc.offset ?? 0;
        return offset > 0 ? { kind: c.kind, prefix: formatPrefix(p), offset } : { kind: c.kind, prefix: formatPrefix(p) };
      }
      if (isBitmaskKind(c.kind)) {
        return { kind: c.kind, terms: (c as { terms: readonly BitmaskTerm[] }).terms.map((t) => ({ and: t.and === true, not: t.not === true, match: t.match === true, value: t.value })) };
      }
      return { kind: c.kind, terms: (c as { terms: readonly NumericTerm[] }).terms.map((t) => ({ and: t.and === true, op: t.op, value: t.value })) } as FlowSpecComponent;
    });
  return { family: rule.family, components };
}
