import Value from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { normaliseAction } from '../catalogue/action.js';
import { parseTarget } from '../catalogue/prefixes.js';
import { OperationsConfigSchema, type OperationsConfig } from '../config.js';
import { ProportionalityGuards, type GuardInput, type GuardNetwork } from './guards.js';

const config = Value.Default(OperationsConfigSchema, {}) as OperationsConfig;
const guards = new ProportionalityGuards(config);
const net = (text: string, org: string): GuardNetwork => ({ prefix: parseTarget(text, 't').prefix, text, organizationId: org, organizationName: org });
const networks = [net('192.0.2.0/24', 'aozora'), net('198.51.100.0/24', 'minato'), net('198.18.0.0/22', 'kumo'), net('2001:db8:400::/48', 'kumo')];
const victims = [
  { attackId: 'A1', target: parseTarget('192.0.2.7', 't').prefix },
  { attackId: 'A2', target: parseTarget('198.18.0.0/22', 't').prefix },
];

function codeOf(action: unknown, over: Partial<GuardInput> = {}): string | undefined {
  try {
    guards.check({ action: normaliseAction(action), durationSeconds: 3600, path: 'prior', networks, victims, rulesInForce: 0, ...over });
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : String(e);
  }
}

const sources = (...s: string[]) => ({ mechanism: 'flowspec', match: { kind: 'sources', sources: s, destination: '192.0.2.7' }, treatment: { kind: 'discard' } });

describe('proportionality guards', () => {
  it('accept a FlowSpec rule against botnet sources towards a protected victim', () => {
    expect(codeOf(sources('100.64.0.1', '100.64.7.0/24'))).toBeUndefined();
  });

  it('never act on public resolvers or root servers, nor on prefixes covering them', () => {
    expect(codeOf(sources('8.8.8.8'))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
    expect(codeOf({ mechanism: 'blocklist', prefixes: ['198.41.0.0/24'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
    expect(codeOf({ mechanism: 'blocklist', prefixes: ['2606:4700:4700::1111'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
    expect(codeOf({ mechanism: 'dns_rpz', domains: ['a.root-servers.net'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
  });

  it("never act on protected operators' infrastructure, except RTBH of an attacked host", () => {
    expect(codeOf(sources('198.51.100.20'))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PROTECTED');
    expect(codeOf({ mechanism: 'blocklist', prefixes: ['2001:db8:400:1::/64'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PROTECTED');
    expect(codeOf({ mechanism: 'rtbh', victim: '192.0.2.7' })).toBeUndefined();
    // Carpet bombing of Kumo Mobile's /22: any host inside it may be blackholed.
    expect(codeOf({ mechanism: 'rtbh', victim: '198.18.2.200' })).toBeUndefined();
    expect(codeOf({ mechanism: 'rtbh', victim: '192.0.2.8' })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_VICTIM');
    expect(codeOf({ mechanism: 'rtbh', victim: '192.0.2.7' }, { victims: [] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_VICTIM');
  });

  it('keep FlowSpec destinations inside protected networks', () => {
    expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '203.0.113.9', protocol: 17, sourcePorts: [53] }, treatment: { kind: 'discard' } })).toBe(
      'SAKIMORI_ERR_OPERATIONS_GUARD_NOT_PROTECTED',
    );
    expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '198.18.0.0/22', protocol: 17, sourcePorts: [53] }, treatment: { kind: 'discard' } })).toBeUndefined();
    // A rule on sources is held to the same destination rule, and may name no destination at all.
    const onSources = (destination?: string) => ({
      mechanism: 'flowspec',
      match: { kind: 'sources', sources: ['100.64.0.1'], ...(destination === undefined ? {} : { destination }) },
      treatment: { kind: 'discard' },
    });
    expect(codeOf(onSources('203.0.113.9'))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_PROTECTED');
    expect(codeOf(onSources('192.0.2.7'))).toBeUndefined();
    expect(codeOf(onSources())).toBeUndefined();
  });

  it('refuse prefixes wider than the mechanism allows', () => {
    expect(codeOf(sources('100.64.0.0/16'))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
    expect(codeOf({ mechanism: 'blocklist', prefixes: ['2001:db8:f000::/36'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
    expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '192.0.0.0/16', protocol: 6 }, treatment: { kind: 'discard' } })).toBe(
      'SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE',
    );
  });

  it('refuse more rules than allowed in force or per request, and durations outside the range', () => {
    expect(codeOf(sources('100.64.0.1', '100.64.0.2'), { rulesInForce: config.guards.maxConcurrentRules.flowspec - 1 })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_TOO_MANY_RULES');
    expect(codeOf(sources(...Array.from({ length: 10001 }, (_, i) => `100.64.${i >> 8}.${i & 255}`)))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_TOO_MANY_RULES');
    expect(codeOf(sources('100.64.0.1'), { durationSeconds: 86401 })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_DURATION');
    expect(codeOf(sources('100.64.0.1'), { durationSeconds: 7201, path: 'emergency' })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_DURATION');
    expect(codeOf(sources('100.64.0.1'), { durationSeconds: 7200, path: 'emergency' })).toBeUndefined();
    expect(codeOf(sources('100.64.0.1'), { durationSeconds: null })).toBe('SAKIMORI_ERR_OPERATIONS_INVALID_INPUT');
  });

  it("keep ISP notices to the ISP's own networks", () => {
    const notice = (address: string) => ({ mechanism: 'isp_notice', organizationId: 'kumo', hosts: [{ address, evidence: 'outbound SYN flood', detectedAt: 0 }] });
    expect(codeOf(notice('198.18.1.20'), { durationSeconds: null })).toBeUndefined();
    expect(codeOf(notice('198.51.100.20'), { durationSeconds: null })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_PROTECTED');
  });

  describe('special-purpose address space, for every mechanism (RFC 6890 and the IANA registries)', () => {
    const SPECIAL = 'SAKIMORI_ERR_OPERATIONS_GUARD_SPECIAL_PURPOSE';
    it.each([
      ['loopback', '127.0.0.1'],
      ['IPv6 loopback', '::1'],
      ['multicast', '239.1.2.3'],
      ['IPv6 multicast', 'ff02::1'],
      ['limited broadcast', '255.255.255.255'],
      ['reserved', '240.0.0.1'],
      ['this network', '0.0.0.0'],
      ['link-local', '169.254.10.1'],
      ['IPv6 link-local', 'fe80::1'],
      ['IETF protocol assignments (NAT64 discovery)', '192.0.0.170'],
      ['unspecified', '::'],
      ['discard-only', '100::1'],
      ['NAT64 form of loopback', '64:ff9b::7f00:1'],
      ['6to4 form of multicast', '2002:e001:203::/48'],
    ])('refuses %s (%s) in a block list, as a FlowSpec source and as an abuse-notice source', (_what, address) => {
      expect(codeOf({ mechanism: 'blocklist', prefixes: [address] })).toBe(SPECIAL);
      expect(codeOf(sources(address))).toBe(address.includes(':') ? 'SAKIMORI_ERR_OPERATIONS_INVALID_INPUT' : SPECIAL); // a FlowSpec rule is of one family
      if (!address.includes('/')) expect(codeOf({ mechanism: 'abuse_notice', attackId: 'A1', sources: [address] }, { durationSeconds: null })).toBe(SPECIAL);
      if (!address.includes('/')) expect(codeOf({ mechanism: 'access_neutralisation', officer: 'o', target: { description: 'x', address }, foreignLocation: false, measure: 'm' })).toBe(SPECIAL);
    });

    it('refuses special-purpose space as a victim or a destination, even inside a protected network', () => {
      const odd = [...networks, net('127.0.0.0/8', 'misregistered'), net('ff00::/8', 'misregistered')];
      const lo = [{ attackId: 'A9', target: parseTarget('127.0.0.0/8', 't').prefix }];
      expect(codeOf({ mechanism: 'rtbh', victim: '127.0.0.2' }, { networks: odd, victims: lo })).toBe(SPECIAL);
      expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '127.0.0.2', protocol: 6 }, treatment: { kind: 'discard' } }, { networks: odd })).toBe(SPECIAL);
      expect(codeOf({ mechanism: 'isp_notice', organizationId: 'misregistered', hosts: [{ address: 'ff02::1', evidence: 'x', detectedAt: 0 }] }, { networks: odd, durationSeconds: null })).toBe(
        SPECIAL,
      );
    });

    it('keeps private, shared, documentation and benchmarking space usable (test installations and the demo use it)', () => {
      for (const a of ['10.1.2.3', '100.64.0.1', '172.16.0.1', '192.168.1.1', '203.0.113.77', '198.19.255.1', '2001:db8:f::1', 'fd00::1']) {
        expect(codeOf({ mechanism: 'blocklist', prefixes: [a] }), a).toBeUndefined();
      }
    });

    it('sees through the NAT64 and 6to4 forms of allowlisted and protected addresses', () => {
      expect(codeOf({ mechanism: 'blocklist', prefixes: ['64:ff9b::808:808'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
      expect(codeOf({ mechanism: 'blocklist', prefixes: ['64:ff9b::101:101'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
      expect(codeOf({ mechanism: 'blocklist', prefixes: ['2002:808:808::/48'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
      // Every translated IPv4 address at once.
      expect(codeOf({ mechanism: 'blocklist', prefixes: ['64:ff9b::/96'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
      expect(codeOf({ mechanism: 'blocklist', prefixes: ['64:ff9b::c633:6414'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PROTECTED');
      expect(codeOf({ mechanism: 'blocklist', prefixes: ['64:ff9b::6440:1'] })).toBeUndefined();
    });
  });

  describe('domains', () => {
    it('never sinkholes a public suffix, ICANN or private', () => {
      for (const d of ['co.jp', 'co.uk', 'blogspot.com', 'ac.jp', 'kawasaki.jp']) {
        expect(codeOf({ mechanism: 'dns_rpz', domains: [d] }), d).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX');
      }
      for (const d of ['botnet.co.jp', 'x.blogspot.com', 'c2.botnet.example', 'city.kawasaki.jp']) expect(codeOf({ mechanism: 'dns_rpz', domains: [d] }), d).toBeUndefined();
      expect(codeOf({ mechanism: 'access_neutralisation', officer: 'o', target: { description: 'x', domain: 'co.jp' }, foreignLocation: false, measure: 'm' })).toBe(
        'SAKIMORI_ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX',
      );
    });

    it('applies allowlisted domains written with a trailing dot or in capitals', () => {
      const g = new ProportionalityGuards({ ...config, guards: { ...config.guards, allowlistDomains: ['Gov.Example.', 'iana.org'] } });
      const rpz = (d: string) => () => g.check({ action: normaliseAction({ mechanism: 'dns_rpz', domains: [d] }), durationSeconds: 3600, path: 'prior', networks, victims, rulesInForce: 0 });
      expect(rpz('www.gov.example')).toThrow(/allowlisted/);
      expect(rpz('gov.example')).toThrow(/allowlisted/);
      expect(rpz('notgov.example')).not.toThrow();
    });
  });

  describe('access and neutralisation', () => {
    const an = (target: Record<string, unknown>) => ({
      mechanism: 'access_neutralisation',
      officer: 'o',
      target: { description: 'C2 server', ...target },
      foreignLocation: false,
      measure: 'disable the service',
    });
    it('is never aimed at allowlisted or protected-operator addresses or domains', () => {
      expect(codeOf(an({ address: '8.8.8.8' }))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
      expect(codeOf(an({ address: '198.51.100.20' }))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PROTECTED');
      expect(codeOf(an({ domain: 'a.root-servers.net' }))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED');
      expect(codeOf(an({ address: '100.64.0.9', domain: 'c2.botnet.example' }))).toBeUndefined();
    });
  });

  describe('limits at their exact edges', () => {
    it('allows a duration of exactly the minimum and refuses one second less', () => {
      expect(codeOf(sources('100.64.0.1'), { durationSeconds: config.guards.minDurationSeconds })).toBeUndefined();
      expect(codeOf(sources('100.64.0.1'), { durationSeconds: config.guards.minDurationSeconds - 1 })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_DURATION');
      expect(codeOf(sources('100.64.0.1'), { durationSeconds: config.guards.maxDurationSeconds.flowspec })).toBeUndefined();
      // Notices are sent once: a duration is refused, not ignored.
      expect(codeOf({ mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1'] }, { durationSeconds: 60 })).toBe('SAKIMORI_ERR_OPERATIONS_INVALID_INPUT');
    });

    it('allows exactly the per-request and concurrent limits, and refuses one more', () => {
      const max = config.guards.maxTargetsPerRequest;
      const many = (n: number) => ({ mechanism: 'blocklist', prefixes: Array.from({ length: n }, (_, i) => `100.${64 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`) });
      expect(codeOf(many(max))).toBeUndefined();
      expect(codeOf(many(max + 1))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_TOO_MANY_RULES');
      const inForce = config.guards.maxConcurrentRules.flowspec;
      expect(codeOf(sources('100.64.0.1', '100.64.0.2'), { rulesInForce: inForce - 2 })).toBeUndefined();
      expect(codeOf(sources('100.64.0.1', '100.64.0.2'), { rulesInForce: inForce - 1 })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_TOO_MANY_RULES');
    });

    it('allows prefixes of exactly the shortest length and refuses one bit shorter', () => {
      const { ipv4, ipv6 } = config.guards.blocklist;
      expect(codeOf({ mechanism: 'blocklist', prefixes: [`100.64.0.0/${ipv4}`] })).toBeUndefined();
      expect(codeOf({ mechanism: 'blocklist', prefixes: [`100.64.0.0/${ipv4 - 1}`] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
      expect(codeOf({ mechanism: 'blocklist', prefixes: [`2001:db8:f::/${ipv6}`] })).toBeUndefined();
      expect(codeOf({ mechanism: 'blocklist', prefixes: [`2001:db8:e::/${ipv6 - 1}`] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
    });
  });

  describe("operators' infrastructure", () => {
    it('may be named when an installation opts out of protecting it, but never an allowlisted address', () => {
      const open = new ProportionalityGuards({ ...config, guards: { ...config.guards, protectOperatorInfrastructure: false } });
      const check = (action: unknown) => () => open.check({ action: normaliseAction(action), durationSeconds: 3600, path: 'prior', networks, victims, rulesInForce: 0 });
      expect(check(sources('198.51.100.20'))).not.toThrow();
      expect(check({ mechanism: 'blocklist', prefixes: ['198.51.100.0/24'] })).not.toThrow();
      expect(check(sources('8.8.8.8'))).toThrow(/allowlisted/);
    });
  });
});
