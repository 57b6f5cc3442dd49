import { describe, expect, it } from 'vitest';
import { buildAction, EMPTY_FIELDS } from './action-input.js';

describe('request form actions', () => {
  it('builds a FlowSpec discard of the picked sources towards the victim', () => {
    const r = buildAction({ ...EMPTY_FIELDS, sources: '100.64.0.1\n100.64.0.2, 100.64.0.1', destination: '192.0.2.10', protocol: '17' });
    expect(r).toEqual({
      ok: true,
      action: { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.64.0.1', '100.64.0.2'], destination: '192.0.2.10', protocol: 17 }, treatment: { kind: 'discard' } },
    });
  });
  it('builds a rate-limited traffic match with ports', () => {
    const r = buildAction({ ...EMPTY_FIELDS, matchKind: 'traffic', destination: '192.0.2.10', protocol: '17', sourcePorts: '53, 123', treatment: 'rate_limit', bytesPerSecond: '125000' });
    expect(r).toEqual({
      ok: true,
      action: { mechanism: 'flowspec', match: { kind: 'traffic', destination: '192.0.2.10', protocol: 17, sourcePorts: [53, 123] }, treatment: { kind: 'rate_limit', bytesPerSecond: 125000 } },
    });
  });
  it('says what is missing instead of sending a request the API refuses', () => {
    expect(buildAction({ ...EMPTY_FIELDS })).toEqual({ ok: false, problem: 'List at least one source (pick them from the attacker list).' });
    expect(buildAction({ ...EMPTY_FIELDS, matchKind: 'traffic', destination: '192.0.2.10' })).toEqual({ ok: false, problem: 'Traffic matches need a protocol.' });
    expect(buildAction({ ...EMPTY_FIELDS, matchKind: 'traffic', destination: '192.0.2.10', protocol: '6', sourcePorts: '70000' })).toEqual({
      ok: false,
      problem: 'Source ports: "70000" is not a port number',
    });
    expect(buildAction({ ...EMPTY_FIELDS, mechanism: 'isp_notice', json: '[1]' })).toEqual({ ok: false, problem: 'The action must be a JSON object.' });
  });
  it('builds the other mechanisms', () => {
    expect(buildAction({ ...EMPTY_FIELDS, mechanism: 'rtbh', destination: '192.0.2.10' })).toEqual({ ok: true, action: { mechanism: 'rtbh', victim: '192.0.2.10' } });
    expect(buildAction({ ...EMPTY_FIELDS, mechanism: 'abuse_notice', attackId: 'A1', sources: '100.64.0.1' })).toEqual({
      ok: true,
      action: { mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1'] },
    });
    expect(buildAction({ ...EMPTY_FIELDS, mechanism: 'dns_rpz', domains: 'c2.example' })).toEqual({
      ok: true,
      action: { mechanism: 'dns_rpz', domains: ['c2.example'], policy: 'nxdomain', includeSubdomains: true },
    });
  });
});
