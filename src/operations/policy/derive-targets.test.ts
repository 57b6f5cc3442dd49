/**
 * Emergency target derivation on its own: for every mechanism, what the active cited attacks show
 * is derived, anything else is named with the reason, and an ended attack shows nothing.
 */
import { describe, expect, it } from 'vitest';
import { normaliseAction } from '../catalogue/action.js';
import { parseTarget } from '../catalogue/prefixes.js';
import { firstUnderivedTarget, type LinkedAttackFacts } from './derive-targets.js';

const attack = (id: string, target: string, sources: string[], over: Partial<LinkedAttackFacts> = {}): LinkedAttackFacts => ({
  id,
  active: true,
  target: parseTarget(target, 't').prefix,
  sources: new Set(sources),
  domains: new Set(),
  ...over,
});
const airline = attack('A1', '192.0.2.7', ['100.64.0.1', '100.64.0.2', '2001:db8:ff::1'], { domains: new Set(['c2.botnet.example']) });
const carpet = attack('A2', '198.18.0.0/22', ['100.64.9.1']);
const ended = attack('A3', '198.51.100.9', ['100.64.5.5'], { active: false, domains: new Set(['old.botnet.example']) });

const under = (action: unknown, attacks: LinkedAttackFacts[] = [airline, carpet, ended]) => firstUnderivedTarget(normaliseAction(action), attacks);
const flowspec = (match: unknown) => ({ mechanism: 'flowspec', match, treatment: { kind: 'discard' } });

describe('emergency target derivation', () => {
  it('RTBH: a victim host of an active attack, a host inside a carpet attack’s prefix', () => {
    expect(under({ mechanism: 'rtbh', victim: '192.0.2.7' })).toBeUndefined();
    expect(under({ mechanism: 'rtbh', victim: '198.18.3.200' })).toBeUndefined();
    expect(under({ mechanism: 'rtbh', victim: '192.0.2.8' })).toEqual({ target: '192.0.2.8', reason: 'not the victim of a linked active attack' });
    expect(under({ mechanism: 'rtbh', victim: '198.51.100.9' })).toMatchObject({ target: '198.51.100.9' });
  });

  it('FlowSpec on traffic: a destination inside an active attack’s target, never wider', () => {
    expect(under(flowspec({ kind: 'traffic', destination: '192.0.2.7', protocol: 17 }))).toBeUndefined();
    expect(under(flowspec({ kind: 'traffic', destination: '198.18.1.0/24', protocol: 17 }))).toBeUndefined();
    expect(under(flowspec({ kind: 'traffic', destination: '192.0.2.0/24', protocol: 17 }))).toEqual({ target: '192.0.2.0/24', reason: 'not inside the target of a linked active attack' });
    expect(under(flowspec({ kind: 'traffic', destination: '198.51.100.9', protocol: 17 }))).toMatchObject({ target: '198.51.100.9/32' });
  });

  it('FlowSpec on sources: observed sources of the active attack on the destination, hosts only', () => {
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.0.1', '100.64.0.2'], destination: '192.0.2.7' }))).toBeUndefined();
    // Without a destination, the sources of any active attack.
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.0.1', '100.64.9.1'] }))).toBeUndefined();
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.9.1'], destination: '192.0.2.7' }))).toEqual({ target: '100.64.9.1/32', reason: 'not an observed source of a linked active attack' });
    // Every source is checked, not only the first.
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.0.1', '100.64.9.1'], destination: '192.0.2.7' }))).toEqual({
      target: '100.64.9.1/32',
      reason: 'not an observed source of a linked active attack',
    });
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.0.0/24'], destination: '192.0.2.7' }))).toEqual({
      target: '100.64.0.0/24',
      reason: 'only observed source addresses may be acted on in an emergency, not prefixes',
    });
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.0.1'], destination: '192.0.2.8' }))).toEqual({ target: '192.0.2.8/32', reason: 'not inside the target of a linked active attack' });
    expect(under(flowspec({ kind: 'sources', sources: ['100.64.5.5'] }))).toMatchObject({ target: '100.64.5.5/32' });
    // An IPv6 source observed in the attack, against the whole family of the rule.
    expect(under(flowspec({ kind: 'sources', sources: ['2001:db8:ff::1'] }))).toBeUndefined();
  });

  it('block list, abuse notice and ISP notice: observed sources of an active attack, each of them', () => {
    expect(under({ mechanism: 'blocklist', prefixes: ['100.64.0.2', '100.64.9.1'] })).toBeUndefined();
    expect(under({ mechanism: 'blocklist', prefixes: ['100.64.0.2', '100.64.5.5'] })).toEqual({ target: '100.64.5.5/32', reason: 'not an observed source of a linked active attack' });
    expect(under({ mechanism: 'blocklist', prefixes: ['100.64.0.0/30'] })).toMatchObject({ target: '100.64.0.0/30' });
    expect(under({ mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1'] })).toBeUndefined();
    expect(under({ mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1', '100.64.0.3'] })).toMatchObject({ target: '100.64.0.3' });
    const isp = (address: string) => ({ mechanism: 'isp_notice', organizationId: 'kumo', hosts: [{ address, evidence: 'e', detectedAt: 0 }] });
    expect(under(isp('100.64.9.1'))).toBeUndefined();
    expect(under(isp('198.18.0.5'))).toMatchObject({ target: '198.18.0.5' });
    // Every host is checked, not only the first.
    const hosts = (...addresses: string[]) => ({ mechanism: 'isp_notice', organizationId: 'kumo', hosts: addresses.map((address) => ({ address, evidence: 'e', detectedAt: 0 })) });
    expect(under(hosts('100.64.9.1', '100.64.0.1'))).toBeUndefined();
    expect(under(hosts('100.64.9.1', '198.18.0.5'))).toMatchObject({ target: '198.18.0.5' });
  });

  it('RPZ: only domains intelligence links to an active attack', () => {
    expect(under({ mechanism: 'dns_rpz', domains: ['c2.botnet.example'] })).toBeUndefined();
    expect(under({ mechanism: 'dns_rpz', domains: ['c2.botnet.example', 'www.example.org'] })).toEqual({
      target: 'www.example.org',
      reason: 'no threat intelligence links this domain to a linked active attack',
    });
    expect(under({ mechanism: 'dns_rpz', domains: ['old.botnet.example'] })).toMatchObject({ target: 'old.botnet.example' });
  });

  it('access and neutralisation: an observed source, a linked domain, never a target given only by description', () => {
    const an = (target: Record<string, unknown>) => ({
      mechanism: 'access_neutralisation',
      officer: 'o',
      target: { description: 'C2 behind 100.64.0.1', ...target },
      foreignLocation: false,
      measure: 'm',
    });
    expect(under(an({ address: '100.64.0.1' }))).toBeUndefined();
    expect(under(an({ domain: 'c2.botnet.example' }))).toBeUndefined();
    expect(under(an({ address: '100.64.0.1', domain: 'c2.botnet.example' }))).toBeUndefined();
    expect(under(an({ address: '100.64.0.1', domain: 'www.example.org' }))).toMatchObject({ target: 'www.example.org' });
    expect(under(an({ address: '100.65.0.1', domain: 'c2.botnet.example' }))).toMatchObject({ target: '100.65.0.1' });
    // The description may name an address: it is never shown as the target.
    expect(under(an({}))).toEqual({ target: '(target by description)', reason: 'a target given only by description cannot be derived from an attack' });
  });

  it('derives nothing from ended attacks alone', () => {
    expect(under({ mechanism: 'blocklist', prefixes: ['100.64.0.1'] }, [{ ...airline, active: false }])).toMatchObject({ target: '100.64.0.1/32' });
    expect(under({ mechanism: 'rtbh', victim: '192.0.2.7' }, [])).toMatchObject({ target: '192.0.2.7' });
  });
});
