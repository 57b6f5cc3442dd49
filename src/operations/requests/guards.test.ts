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
const victims = [{ attackId: 'A1', target: parseTarget('192.0.2.7', 't').prefix }, { attackId: 'A2', target: parseTarget('198.18.0.0/22', 't').prefix }];

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
    expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '203.0.113.9', protocol: 17, sourcePorts: [53] }, treatment: { kind: 'discard' } })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_PROTECTED');
    expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '198.18.0.0/22', protocol: 17, sourcePorts: [53] }, treatment: { kind: 'discard' } })).toBeUndefined();
  });

  it('refuse prefixes wider than the mechanism allows', () => {
    expect(codeOf(sources('100.64.0.0/16'))).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
    expect(codeOf({ mechanism: 'blocklist', prefixes: ['2001:db8:f000::/36'] })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
    expect(codeOf({ mechanism: 'flowspec', match: { kind: 'traffic', destination: '192.0.0.0/16', protocol: 6 }, treatment: { kind: 'discard' } })).toBe('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE');
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
});
