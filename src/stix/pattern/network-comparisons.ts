/**
 * Lists the network comparisons of a pattern — addresses and prefixes, ports, protocols — for a
 * later compiler of indicators into the flow matcher.
 */
import type { Comparison, ComparisonExpression, Literal, ObservationExpression, PatternAst } from './ast.js';
import { parsePrefix } from './cidr.js';

/** Which flow field a comparison constrains. */
export type NetworkField = 'address' | 'src-address' | 'dst-address' | 'src-port' | 'dst-port' | 'protocol';

/** One comparison on an `ipv4-addr`, `ipv6-addr` or `network-traffic` object. */
export interface NetworkComparison {
  readonly objectType: 'ipv4-addr' | 'ipv6-addr' | 'network-traffic';
  readonly field: NetworkField;
  readonly operator: Comparison['operator'];
  readonly negated: boolean;
  /** Addresses or CIDR prefixes (for address fields), as written; invalid ones are left out. */
  readonly addresses: readonly string[];
  /** Port numbers (for port fields). */
  readonly ports: readonly number[];
  /** Protocol names, lower-cased (for the protocol field). */
  readonly protocols: readonly string[];
  /** The comparison itself. */
  readonly comparison: Comparison;
}

const NETWORK_TYPES: ReadonlySet<string> = new Set(['ipv4-addr', 'ipv6-addr', 'network-traffic']);

function fieldOf(c: Comparison): NetworkField | undefined {
  const keys = c.path.steps.map((s) => (s.kind === 'key' ? s.key : '[]'));
  const path = keys.join('.');
  if (c.path.objectType !== 'network-traffic') return path === 'value' ? 'address' : undefined;
  if (path === 'src_ref.value' || path === 'dst_ref.value') return path === 'src_ref.value' ? 'src-address' : 'dst-address';
  if (path === 'src_port' || path === 'dst_port') return path === 'src_port' ? 'src-port' : 'dst-port';
  return path === 'protocols.[]' ? 'protocol' : undefined;
}

function literals(c: Comparison): readonly Literal[] {
  return c.value.kind === 'set' ? c.value.values : [c.value];
}

function describe(c: Comparison): NetworkComparison | undefined {
  const field = fieldOf(c);
  if (field === undefined) return undefined;
  const values = literals(c);
  const strings = values.flatMap((v) => (v.kind === 'string' ? [v.value] : []));
  const isAddress = field === 'address' || field === 'src-address' || field === 'dst-address';
  return {
    objectType: c.path.objectType as NetworkComparison['objectType'],
    field,
    operator: c.operator,
    negated: c.negated,
    addresses: isAddress ? strings.filter((s) => parsePrefix(s) !== undefined) : [],
    ports: field === 'src-port' || field === 'dst-port' ? values.flatMap((v) => (v.kind === 'int' && v.value >= 0 && v.value <= 65535 ? [v.value] : [])) : [],
    protocols: field === 'protocol' ? strings.map((s) => s.toLowerCase()) : [],
    comparison: c,
  };
}

function fromComparison(e: ComparisonExpression, out: NetworkComparison[]): void {
  if (e.kind === 'comparison-binary') {
    fromComparison(e.left, out);
    fromComparison(e.right, out);
  } else if (e.kind === 'comparison' && NETWORK_TYPES.has(e.path.objectType)) {
    const d = describe(e);
    if (d !== undefined) out.push(d);
  }
}

function fromObservation(e: ObservationExpression, out: NetworkComparison[]): void {
  if (e.kind === 'observation') fromComparison(e.comparison, out);
  else if (e.kind === 'observation-binary') {
    fromObservation(e.left, out);
    fromObservation(e.right, out);
  } else fromObservation(e.expression, out);
}

/**
 * Lists the address, port and protocol comparisons of a pattern, in pattern order.
 *
 * @example
 * ```ts
 * const r = parsePattern("[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port IN (80, 443)]");
 * if (r.ok) networkComparisons(r.ast); // [{ field: 'dst-address', addresses: ['198.51.100.0/24'], … }, { field: 'dst-port', ports: [80, 443], … }]
 * ```
 */
export function networkComparisons(ast: PatternAst): NetworkComparison[] {
  const out: NetworkComparison[] = [];
  fromObservation(ast, out);
  return out;
}
