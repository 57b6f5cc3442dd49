/**
 * Differential test: for random patterns over addresses, ports and protocols, and random flows
 * near their values, the compiled flow matcher (the real `scan` path) agrees with the STIX pattern
 * matcher run over the flow's observed-data (`testing/flow-observed-data.ts`) — for every pattern
 * that compiles. Refused patterns are counted, so the test shows it exercised both outcomes.
 */
import { describe, expect, it } from 'vitest';
import { parseAddress, writeAddressAt } from '../../core/ip.js';
import { FlowBatch } from '../../flow/flow-batch.js';
import { matchPattern } from '../../stix/pattern/index.js';
import { normalizeIndicator } from '../indicator.js';
import { IndicatorMatcher, MatchBuffer } from '../indicator-matcher.js';
import { compileIndicatorPattern } from './compile-pattern.js';
import { type FlowEnds, flowObservedData } from './testing/flow-observed-data.js';

let seed = 0x1dea;
function rnd(n: number): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) % n;
}
const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;

const V4_HOSTS = ['198.51.100.1', '198.51.100.2', '198.51.100.130', '203.0.113.9', '192.0.2.10'];
const V4_NETS = ['198.51.100.0/24', '198.51.100.128/25', '198.51.100.0/31', '203.0.113.0/28', '192.0.2.0/24', '198.51.100.77/24', '0.0.0.0/1'];
const V6_HOSTS = ['2001:db8::1', '2001:db8::2', '2001:db8:bad::7', '2001:db8:0:1::1'];
const V6_NETS = ['2001:db8::/32', '2001:db8:bad::/48', '2001:db8::/126', '2001:db8:0:1::/64', '2001:DB8:BAD::/48'];
// Spellings `=` never equals (refused), and wrong families.
const ODD = ['2001:DB8::1', '198.51.100.1/32', '::ffff:198.51.100.1', '198.51.100.0/24'];
const PORTS = [0, 53, 80, 443, 8080];
const PROTOCOLS = ['tcp', 'udp', 'icmp', 'gre', 'TCP', '6'];

function hostLiteral(family: 4 | 6 | 0): string {
  if (rnd(20) === 0) return pick(ODD);
  const f = family === 0 ? (rnd(2) === 0 ? 4 : 6) : family;
  return pick(f === 4 ? V4_HOSTS : V6_HOSTS);
}

function netLiteral(family: 4 | 6 | 0): string {
  const f = family === 0 ? (rnd(2) === 0 ? 4 : 6) : family;
  return rnd(3) === 0 ? hostLiteral(f) : pick(f === 4 ? V4_NETS : V6_NETS);
}

function addressComparison(path: string, family: 4 | 6 | 0): string {
  switch (rnd(9)) {
    case 0:
    case 1:
      return `${path} = '${hostLiteral(family)}'`;
    case 2:
      return `${path} IN ('${hostLiteral(family)}', '${hostLiteral(family)}')`;
    case 3:
    case 4:
    case 5:
      return `${path} ISSUBSET '${netLiteral(family)}'`;
    case 6:
      return `${path} ISSUPERSET '${netLiteral(family)}'`;
    case 7:
      return `${path} NOT ISSUBSET '${netLiteral(family)}'`;
    default:
      return `${path} != '${hostLiteral(family)}'`;
  }
}

function portComparison(path: string): string {
  const r = rnd(6);
  if (r < 3) return `${path} = ${pick(PORTS)}`;
  if (r < 5) return `${path} IN (${pick(PORTS)}, ${pick(PORTS)})`;
  return `${path} > ${pick(PORTS)}`;
}

function protocolComparison(): string {
  return rnd(3) === 0 ? `network-traffic:protocols[*] IN ('${pick(PROTOCOLS)}', '${pick(PROTOCOLS)}')` : `network-traffic:protocols[*] = '${pick(PROTOCOLS)}'`;
}

/** AND-ed comparisons, mostly about one object and one end, sometimes not (to be refused). */
function conjunction(): string {
  const r = rnd(10);
  if (r < 2) return addressComparison('ipv4-addr:value', rnd(10) === 0 ? 6 : 4);
  if (r < 3) return addressComparison('ipv6-addr:value', rnd(10) === 0 ? 4 : 6);
  if (r < 4) return `${addressComparison('ipv4-addr:value', 4)} AND ${addressComparison('ipv4-addr:value', 4)}`;
  const end = rnd(12) === 0 ? 'mixed' : rnd(2) === 0 ? 'src' : 'dst';
  const parts: string[] = [];
  if (rnd(12) !== 0) parts.push(addressComparison(`network-traffic:${end === 'src' ? 'src' : 'dst'}_ref.value`, 0));
  if (rnd(2) === 0) parts.push(portComparison(`network-traffic:${end === 'dst' ? 'dst' : 'src'}_port`));
  if (rnd(2) === 0) parts.push(protocolComparison());
  if (rnd(8) === 0) parts.push(`(${portComparison(`network-traffic:${end === 'src' ? 'src' : 'dst'}_port`)} OR ${portComparison(`network-traffic:${end === 'src' ? 'src' : 'dst'}_port`)})`);
  if (parts.length === 0) parts.push(protocolComparison());
  return parts.join(' AND ');
}

function observation(): string {
  const inner = rnd(4) === 0 ? `${conjunction()} OR ${conjunction()}` : conjunction();
  return `[${inner}]`;
}

function pattern(): string {
  const r = rnd(20);
  if (r === 0) return `${observation()} FOLLOWEDBY ${observation()}`;
  if (r === 1) return `${observation()} WITHIN 60 SECONDS`;
  if (r < 6) return `${observation()} OR ${observation()}`;
  return observation();
}

const NEAR_V4 = [
  '198.51.100.0',
  '198.51.100.1',
  '198.51.100.2',
  '198.51.100.3',
  '198.51.100.127',
  '198.51.100.128',
  '198.51.100.130',
  '198.51.100.255',
  '198.51.101.1',
  '203.0.113.9',
  '203.0.113.15',
  '203.0.113.16',
  '192.0.2.10',
  '192.0.3.10',
  '10.9.8.7',
  '200.1.1.1',
];
const NEAR_V6 = [
  '2001:db8::',
  '2001:db8::1',
  '2001:db8::2',
  '2001:db8::3',
  '2001:db8::4',
  '2001:db8:bad::7',
  '2001:db8:bad:1::',
  '2001:db8:bae::1',
  '2001:db8:0:1::1',
  '2001:db8:0:2::1',
  '2001:db9::1',
  '2400:cb00::1',
];

function flow(): FlowEnds {
  const address = (): string => (rnd(3) === 0 ? pick(NEAR_V6) : pick(NEAR_V4));
  const port = (): number => (rnd(4) === 0 ? rnd(65536) : pick(PORTS));
  return { src: address(), dst: address(), srcPort: port(), dstPort: port(), protocol: pick([6, 17, 1, 47, 58]) };
}

describe('compiled STIX patterns against the STIX pattern matcher', () => {
  it('agree on every flow for every pattern that compiles (at least 10 000 cases)', () => {
    const FLOWS = 64;
    const buffer = new MatchBuffer();
    const batch = new FlowBatch(FLOWS);
    let cases = 0;
    let hits = 0;
    let compiledPatterns = 0;
    const refusedBy = new Map<string, number>();
    const disagreements: string[] = [];
    for (let p = 0; p < 5000 && cases < 12_000; p++) {
      const text = pattern();
      const r = compileIndicatorPattern(text, { label: 'x', kind: 'c2' });
      if (!r.ok) {
        refusedBy.set(r.code, (refusedBy.get(r.code) ?? 0) + 1);
        continue;
      }
      compiledPatterns++;
      const m = new IndicatorMatcher(r.inputs.map((i) => normalizeIndicator(i, 'stix')));
      const flows = Array.from({ length: FLOWS }, flow);
      batch.clear();
      for (const f of flows) {
        const i = batch.begin();
        writeAddressAt(batch.srcAddr, i, parseAddress(f.src));
        writeAddressAt(batch.dstAddr, i, parseAddress(f.dst));
        batch.srcPort[i] = f.srcPort;
        batch.dstPort[i] = f.dstPort;
        batch.protocol[i] = f.protocol;
        batch.commit();
      }
      const matched = new Set<number>();
      const n = m.scan(batch, buffer);
      for (let k = 0; k < n; k++) matched.add(buffer.records[k]!);
      flows.forEach((f, i) => {
        const expected = matchPattern(text, [flowObservedData(f)]);
        if (!expected.ok) throw new Error(`${text}: ${expected.error.message}`);
        cases++;
        if (expected.matched) hits++;
        if (expected.matched !== matched.has(i)) disagreements.push(`${text} on ${JSON.stringify(f)}: STIX ${expected.matched}, flow matcher ${matched.has(i)}`);
      });
    }
    expect(disagreements.slice(0, 5)).toEqual([]);
    expect(cases).toBeGreaterThanOrEqual(10_000);
    // Not vacuous: many patterns compile, many are refused, and flows hit as well as miss.
    expect(compiledPatterns).toBeGreaterThan(150);
    expect([...refusedBy.keys()].sort()).toEqual(expect.arrayContaining(['combination', 'literal', 'negation', 'no-address', 'observation', 'operator']));
    expect(hits / cases).toBeGreaterThan(0.05);
    expect(hits / cases).toBeLessThan(0.95);
  });
});
