import { describe, expect, it } from 'vitest';
import { matchPattern } from './match-pattern.js';

let serial = 0;

/** A bundle with one observed-data SDO referencing `objects` (each given an id). */
function bundle(first: string, objects: Record<string, unknown>[], extra: Record<string, unknown>[] = [], numberObserved = 1, last = first) {
  const withIds = objects.map((o) => ({ id: `${String(o.type)}--${++serial}`, ...o }));
  const id = `observed-data--${++serial}`;
  return {
    id,
    value: {
      type: 'bundle',
      id: `bundle--${serial}`,
      objects: [{ type: 'observed-data', id, first_observed: first, last_observed: last, number_observed: numberObserved, object_refs: withIds.map((o) => o.id) }, ...withIds, ...extra],
    },
  };
}

describe('matchPattern', () => {
  it('matches SCOs referenced by object_refs and follows _ref into the bundle', () => {
    const b = bundle(
      '2024-01-01T00:00:00Z',
      [{ type: 'network-traffic', dst_ref: 'ipv6-addr--x', dst_port: 443, protocols: ['tcp'] }],
      [{ type: 'ipv6-addr', id: 'ipv6-addr--x', value: '2001:db8::1' }],
    );
    expect(matchPattern("[network-traffic:dst_ref.value ISSUBSET '2001:0db8:0000::/32' AND network-traffic:protocols[*] = 'tcp']", [b.value])).toEqual({
      ok: true,
      matched: true,
      observedData: [b.value.objects[0]],
      observedDataIds: [b.id],
    });
    expect(matchPattern("[network-traffic:dst_ref.value ISSUBSET '2001:db9::/32']", [b.value])).toMatchObject({ ok: true, matched: false, observedDataIds: [] });
    // The ipv6-addr is in the bundle but not in object_refs: it is not an observation root.
    expect(matchPattern("[ipv6-addr:value = '2001:db8::1']", [b.value])).toMatchObject({ matched: false });
  });

  it('matches the embedded objects form and requires AND inside brackets to hold for one object', () => {
    const od = {
      type: 'observed-data',
      first_observed: '2024-01-01T00:00:00Z',
      last_observed: '2024-01-01T00:00:00Z',
      number_observed: 1,
      objects: { '0': { type: 'file', name: 'a.exe', size: 10 }, '1': { type: 'file', name: 'b.exe', size: 20 } },
    };
    expect(matchPattern("[file:name = 'a.exe' AND file:size = 10]", [od])).toMatchObject({ matched: true, observedData: [od], observedDataIds: [] });
    expect(matchPattern("[file:name = 'a.exe' AND file:size = 20]", [od])).toMatchObject({ matched: false });
    expect(matchPattern("[file:name = 'a.exe' OR file:size = 20]", [od])).toMatchObject({ matched: true });
  });

  it('binds distinct observations for AND and orders FOLLOWEDBY by time', () => {
    const early = bundle('2024-01-01T00:00:00Z', [{ type: 'domain-name', value: 'a.example' }]);
    const late = bundle('2024-01-01T00:10:00Z', [{ type: 'domain-name', value: 'b.example' }]);
    const input = [late.value, early.value];
    expect(matchPattern("[domain-name:value = 'a.example'] FOLLOWEDBY [domain-name:value = 'b.example']", input)).toMatchObject({ matched: true, observedDataIds: [late.id, early.id] });
    expect(matchPattern("[domain-name:value = 'b.example'] FOLLOWEDBY [domain-name:value = 'a.example']", input)).toMatchObject({ matched: false });
    expect(matchPattern("[domain-name:value LIKE '%.example'] AND [domain-name:value LIKE '%.example']", [early.value])).toMatchObject({ matched: false });
    expect(matchPattern("([domain-name:value = 'a.example'] AND [domain-name:value = 'b.example']) WITHIN 600 SECONDS", input)).toMatchObject({ matched: true });
    expect(matchPattern("([domain-name:value = 'a.example'] AND [domain-name:value = 'b.example']) WITHIN 599.5 SECONDS", input)).toMatchObject({ matched: false });
  });

  it('counts number_observed for REPEATS and applies START/STOP', () => {
    const twice = bundle('2024-01-01T00:00:00Z', [{ type: 'url', value: 'http://x.example/' }], [], 2);
    expect(matchPattern("[url:value MATCHES '^http://']  REPEATS 2 TIMES", [twice.value])).toMatchObject({ matched: true, observedDataIds: [twice.id] });
    expect(matchPattern("[url:value MATCHES '^http://'] REPEATS 3 TIMES", [twice.value])).toMatchObject({ matched: false });
    expect(matchPattern("[url:value LIKE 'http%'] START t'2024-01-01T00:00:00Z' STOP t'2024-01-01T00:00:01Z'", [twice.value])).toMatchObject({ matched: true });
    expect(matchPattern("[url:value LIKE 'http%'] START t'2023-12-31T00:00:00Z' STOP t'2024-01-01T00:00:00Z'", [twice.value])).toMatchObject({ matched: false });
  });

  it('gives coded errors for invalid patterns, literals and data instead of throwing', () => {
    const b = bundle('2024-01-01T00:00:00Z', [{ type: 'x-event', when: 'yesterday', name: 'n' }]);
    const code = (pattern: string, input: unknown[] = [b.value]) => {
      const r = matchPattern(pattern, input);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code('[x-event:name = ')).toBe('SAKIMORI_ERR_STIX_PATTERN_SYNTAX');
    expect(code("[x-event:when > t'2024-01-01T00:00:00Z']")).toBe('SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID');
    expect(code("[x-event:name = t'2024-02-30T00:00:00Z']")).toBe('SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID');
    expect(code("[x-event:name IN ('a', 1)]")).toBe('SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID');
    expect(code("[x-event:name = 'n'] WITHIN 0 SECONDS")).toBe('SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID');
    expect(code("[x-event:name MATCHES '(a)\\\\1']")).toBe('SAKIMORI_ERR_STIX_PATTERN_REGEX_UNSUPPORTED');
    expect(code("[x-event:name = 'n']", [{ type: 'observed-data', number_observed: 0, first_observed: '2024-01-01T00:00:00Z', last_observed: '2024-01-01T00:00:00Z' }])).toBe(
      'SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID',
    );
    expect(code("[x-event:name = 'n']", [{ type: 'indicator' }])).toBe('SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID');
  });

  it('stops combinatorial searches and huge inputs with coded errors', () => {
    const obs = Array.from({ length: 12 }, (_, i) => bundle(`2024-01-01T00:00:${String(i).padStart(2, '0')}Z`, [{ type: 'process', pid: i }]).value);
    // Thirteen distinct observations are needed but only twelve exist: every assignment is tried.
    const impossible = Array(13).fill('[process:pid >= 0]').join(' AND ');
    expect(matchPattern(impossible, obs, { maxSteps: 100_000 })).toMatchObject({ ok: false, error: { code: 'SAKIMORI_ERR_STIX_PATTERN_MATCH_TOO_COMPLEX' } });
    expect(matchPattern(Array(12).fill('[process:pid >= 0]').join(' AND '), obs)).toMatchObject({ ok: true, matched: true });
    const many = bundle('2024-01-01T00:00:00Z', [{ type: 'process', pid: 1 }], [], 1_000_000_000);
    expect(matchPattern('[process:pid = 1]', [many.value])).toMatchObject({ ok: false, error: { code: 'SAKIMORI_ERR_STIX_PATTERN_MATCH_INVALID' } });
  });

  it('bounds regular-expression work and reference cycles', () => {
    const b = bundle('2024-01-01T00:00:00Z', [{ type: 'x-doc', body: 'a'.repeat(50_000) }]);
    expect(matchPattern("[x-doc:body MATCHES '(a|aa)*b']", [b.value], { maxRegexSteps: 100_000 })).toMatchObject({ ok: false, error: { code: 'SAKIMORI_ERR_STIX_PATTERN_MATCH_TOO_COMPLEX' } });
    expect(matchPattern("[x-doc:body MATCHES '(a|aa)*b']", [b.value])).toMatchObject({ ok: true, matched: false });
    // Ten people who all know each other: 40 steps of `[*]` stay ten objects, not 10^40 paths.
    const ids = Array.from({ length: 10 }, (_, i) => `person--${i}`);
    const people = ids.map((id, i) => ({ type: 'person', id, name: `p${i}`, knows_refs: ids }));
    const od = { type: 'observed-data', id: 'observed-data--people', first_observed: '2024-01-01T00:00:00Z', last_observed: '2024-01-01T00:00:00Z', number_observed: 1, object_refs: ids };
    const path = `person:${Array(40).fill('knows_refs[*]').join('.')}.name`;
    expect(matchPattern(`[${path} = 'p9']`, [{ type: 'bundle', id: 'bundle--people', objects: [od, ...people] }])).toMatchObject({
      ok: true,
      matched: true,
      observedDataIds: ['observed-data--people'],
    });
  });

  it('answers large REPEATS exactly and refuses nested explosions with a coded error', () => {
    const observed = (n: number) => [bundle('2024-01-01T00:00:00Z', [{ type: 'x-hit', n: 1 }], [], n).value];
    expect(matchPattern('[x-hit:n = 1] REPEATS 1000 TIMES', observed(1000))).toMatchObject({ ok: true, matched: true });
    expect(matchPattern('[x-hit:n = 1] REPEATS 1000 TIMES', observed(999))).toMatchObject({ ok: true, matched: false });
    expect(matchPattern('([x-hit:n = 1] REPEATS 10 TIMES) REPEATS 10 TIMES', observed(99))).toMatchObject({ ok: false, error: { code: 'SAKIMORI_ERR_STIX_PATTERN_MATCH_TOO_COMPLEX' } });
    // Lexicographic order puts (0…9) then about 10^12 overlapping combinations before (10…19): too
    // many for the budget, as for the reference matcher; small nestings still match.
    expect(matchPattern('([x-hit:n = 1] REPEATS 2 TIMES) REPEATS 3 TIMES', observed(6))).toMatchObject({ ok: true, matched: true });
    expect(matchPattern('([x-hit:n = 1] REPEATS 2 TIMES) REPEATS 3 TIMES', observed(5))).toMatchObject({ ok: true, matched: false });
    const orChain = Array(1000).fill('[x-hit:n = 2]').join(' OR ');
    expect(matchPattern(`${orChain} OR [x-hit:n = 1]`, observed(1))).toMatchObject({ ok: true, matched: true });
  });
});
