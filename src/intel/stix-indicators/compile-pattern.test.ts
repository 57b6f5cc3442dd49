import { describe, expect, it } from 'vitest';
import { compileIndicatorPattern, MAX_INPUTS, MAX_TERMS, type PatternCompilation } from './compile-pattern.js';

const META = { label: 'LODEINFO C2', kind: 'c2' } as const;

/** The compiled indicators as `value,port,protocol` strings, or the refusal's code. */
function compiled(pattern: string): string[] | string {
  const r: PatternCompilation = compileIndicatorPattern(pattern, META);
  if (!r.ok) return r.code;
  for (const i of r.inputs) {
    expect(i.label).toBe('LODEINFO C2');
    expect(i.kind).toBe('c2');
  }
  return r.inputs.map((i) => `${i.value},${i.port ?? ''},${i.protocol ?? ''}`);
}

function reason(pattern: string): string {
  const r = compileIndicatorPattern(pattern);
  if (r.ok) throw new Error(`compiled: ${pattern}`);
  return r.reason;
}

describe('compileIndicatorPattern', () => {
  it('compiles single addresses, prefixes, sets and ORs of them', () => {
    expect(compiled("[ipv4-addr:value = '198.51.100.1']")).toEqual(['198.51.100.1,,']);
    expect(compiled("[ipv4-addr:value ISSUBSET '203.0.113.0/24']")).toEqual(['203.0.113.0/24,,']);
    // Host bits of a CIDR operand are ignored by STIX's ISSUBSET, and so by the compiled prefix.
    expect(compiled("[ipv4-addr:value ISSUBSET '203.0.113.77/24']")).toEqual(['203.0.113.0/24,,']);
    expect(compiled("[ipv4-addr:value ISSUBSET '203.0.113.77']")).toEqual(['203.0.113.77,,']);
    expect(compiled("[ipv4-addr:value ISSUPERSET '198.51.100.9']")).toEqual(['198.51.100.9,,']);
    expect(compiled("[ipv6-addr:value IN ('2001:db8::1', '2001:db8::2')]")).toEqual(['2001:db8::1,,', '2001:db8::2,,']);
    expect(compiled("[ipv6-addr:value ISSUBSET '2001:DB8:BAD::/48']")).toEqual(['2001:db8:bad::/48,,']);
    expect(compiled("[ipv4-addr:value = '198.51.100.1' OR ipv6-addr:value = '2001:db8::1']")).toEqual(['198.51.100.1,,', '2001:db8::1,,']);
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] OR [ipv4-addr:value ISSUBSET '203.0.113.0/24'] OR [ipv4-addr:value = '198.51.100.1']")).toEqual(['198.51.100.1,,', '203.0.113.0/24,,']);
    // AND of two address conditions on one object: the narrower of nested prefixes.
    expect(compiled("[ipv4-addr:value ISSUBSET '10.0.0.0/8' AND ipv4-addr:value IN ('10.1.2.3', '192.0.2.1')]")).toEqual(['10.1.2.3,,']);
  });

  it('narrows network-traffic addresses to the port and protocol on the same end', () => {
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 443 AND network-traffic:protocols[*] = 'tcp']")).toEqual(['198.51.100.7,443,6']);
    expect(compiled("[network-traffic:src_ref.value ISSUBSET '2001:db8:bad::/48' AND network-traffic:src_port IN (80, 8080)]")).toEqual(['2001:db8:bad::/48,80,', '2001:db8:bad::/48,8080,']);
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:protocols[*] IN ('udp', 'tcp')]")).toEqual(['198.51.100.7,,17', '198.51.100.7,,6']);
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.7' AND (network-traffic:dst_port = 53 OR network-traffic:dst_port = 853)]")).toEqual(['198.51.100.7,53,', '198.51.100.7,853,']);
  });

  it('refuses negation, ordering and text operators with a reason', () => {
    expect(compiled("[ipv4-addr:value NOT = '198.51.100.1']")).toBe('negation');
    expect(compiled("[ipv4-addr:value != '198.51.100.1']")).toBe('negation');
    expect(compiled("[ipv4-addr:value NOT ISSUBSET '10.0.0.0/8']")).toBe('negation');
    expect(compiled("[ipv4-addr:value < '198.51.100.1']")).toBe('operator');
    expect(compiled("[ipv4-addr:value > '198.51.100.1']")).toBe('operator');
    expect(compiled("[ipv4-addr:value LIKE '198.51.100.%']")).toBe('operator');
    expect(compiled("[ipv4-addr:value MATCHES '^198\\\\.51']")).toBe('operator');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port > 1024]")).toBe('operator');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.7' AND EXISTS network-traffic:dst_port]")).toBe('operator');
    expect(reason("[ipv4-addr:value NOT = '198.51.100.1']")).toMatch(/complement/);
  });

  it('refuses what needs several observations or a time window', () => {
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.2']")).toBe('observation');
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] AND [ipv4-addr:value = '198.51.100.2']")).toBe('observation');
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] WITHIN 60 SECONDS")).toBe('observation');
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] REPEATS 5 TIMES")).toBe('observation');
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'")).toBe('observation');
    // One refused observation refuses the whole pattern rather than compiling the rest.
    expect(compiled("[ipv4-addr:value = '198.51.100.1'] OR ([ipv4-addr:value = '198.51.100.2'] REPEATS 2 TIMES)")).toBe('observation');
    expect(reason("[ipv4-addr:value = '198.51.100.1'] FOLLOWEDBY [ipv4-addr:value = '198.51.100.2']")).toMatch(/one record at a time/);
  });

  it('refuses other objects, AND across objects, both ends, and ports without an address', () => {
    expect(compiled("[domain-name:value = 'evil.example']")).toBe('non-network');
    expect(compiled("[ipv4-addr:value = '198.51.100.1' OR file:name = 'x.exe']")).toBe('non-network');
    expect(compiled("[ipv4-addr:resolves_to_refs[*].value = 'aa:bb:cc:dd:ee:ff']")).toBe('non-network');
    expect(compiled("[network-traffic:protocols[0] = 'tcp' AND network-traffic:dst_ref.value = '198.51.100.1']")).toBe('non-network');
    expect(compiled("[ipv4-addr:value = '198.51.100.1' AND network-traffic:dst_port = 443]")).toBe('combination');
    expect(compiled("[network-traffic:src_ref.value ISSUBSET '192.0.2.0/24' AND network-traffic:dst_ref.value = '198.51.100.1']")).toBe('combination');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:src_port = 443]")).toBe('combination');
    expect(compiled('[network-traffic:dst_port = 443]')).toBe('no-address');
    expect(compiled("[network-traffic:protocols[*] = 'udp']")).toBe('no-address');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' OR network-traffic:dst_port = 4444]")).toBe('no-address');
    expect(reason('[network-traffic:dst_port = 443]')).toMatch(/every host/);
  });

  it('refuses literals no flow value equals, and contradictions', () => {
    // `=` compares text: only the canonical spelling equals what a flow carries.
    expect(compiled("[ipv6-addr:value = '2001:DB8::1']")).toBe('literal');
    expect(reason("[ipv6-addr:value = '2001:DB8::1']")).toMatch(/'2001:db8::1'/);
    expect(compiled("[ipv4-addr:value = '203.0.113.0/24']")).toBe('literal');
    expect(compiled("[ipv4-addr:value = 'not an address']")).toBe('literal');
    expect(compiled("[ipv4-addr:value = '2001:db8::1']")).toBe('literal');
    expect(compiled("[ipv6-addr:value ISSUBSET '198.51.100.0/24']")).toBe('literal');
    expect(compiled("[ipv6-addr:value = '::ffff:198.51.100.1']")).toBe('literal');
    expect(compiled("[ipv6-addr:value ISSUBSET '::/0']")).toBe('literal');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = 70000]")).toBe('literal');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = '443']")).toBe('literal');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:protocols[*] = 'TCP']")).toBe('literal');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:protocols[*] = 'ipv4']")).toBe('literal');
    expect(compiled("[ipv4-addr:value ISSUPERSET '198.51.100.0/24']")).toBe('never-matches');
    expect(compiled("[ipv4-addr:value = '198.51.100.1' AND ipv4-addr:value = '198.51.100.2']")).toBe('never-matches');
    expect(compiled("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = 80 AND network-traffic:dst_port = 443]")).toBe('never-matches');
    expect(compiled("[ipv4-addr:value = '198.51.100.1'")).toBe('invalid-pattern');
  });

  it('refuses patterns that expand past the limits instead of working without bound', () => {
    const or = (n: number, k: number) => `(${Array.from({ length: n }, (_, i) => `network-traffic:dst_port = ${k * 100 + i}`).join(' OR ')})`;
    // 10 × 10 × 11 alternatives > MAX_TERMS.
    expect(MAX_TERMS).toBeLessThan(1100);
    expect(compiled(`[network-traffic:dst_ref.value = '198.51.100.1' AND ${or(10, 1)} AND ${or(10, 2)} AND ${or(11, 3)}]`)).toBe('too-complex');
    // 200 addresses × 51 ports > MAX_INPUTS.
    const addresses = Array.from({ length: 200 }, (_, i) => `'10.0.${i}.1'`).join(', ');
    const ports = Array.from({ length: 51 }, (_, i) => String(i + 1)).join(', ');
    expect(MAX_INPUTS).toBeLessThan(200 * 51);
    expect(compiled(`[network-traffic:dst_ref.value IN (${addresses}) AND network-traffic:dst_port IN (${ports})]`)).toBe('too-complex');
  });
});
