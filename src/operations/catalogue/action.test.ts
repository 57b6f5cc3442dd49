import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { normaliseAction, ruleCount } from './action.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? `${e.code}: ${e.message}` : `not coded: ${String(e)}`;
  }
}

describe('normaliseAction', () => {
  it('writes FlowSpec sources canonically: host prefixes, RFC 5952, de-duplicated, in address order', () => {
    const a = normaliseAction({
      mechanism: 'flowspec',
      match: { kind: 'sources', sources: ['100.64.0.10', '100.64.0.9/32', '2001:DB8:F000:0:0::1', '100.64.0.10/32', '100.64.1.0/24'], protocol: 17 },
      treatment: { kind: 'discard' },
    });
    expect(a).toEqual({
      mechanism: 'flowspec',
      match: { kind: 'sources', sources: ['100.64.0.9/32', '100.64.0.10/32', '100.64.1.0/24', '2001:db8:f000::1/128'], destination: null, protocol: 17 },
      treatment: { kind: 'discard' },
    });
    expect(ruleCount(a)).toBe(4);
  });

  it('sorts ports and fills defaults so equal actions have one form', () => {
    expect(
      normaliseAction({
        mechanism: 'flowspec',
        match: { kind: 'traffic', destination: '192.0.2.7', protocol: 17, sourcePorts: [123, 53, 53] },
        treatment: { kind: 'rate_limit', bytesPerSecond: 125000 },
      }),
    ).toEqual({
      mechanism: 'flowspec',
      match: { kind: 'traffic', destination: '192.0.2.7/32', protocol: 17, sourcePorts: [53, 123], destinationPorts: [] },
      treatment: { kind: 'rate_limit', bytesPerSecond: 125000 },
    });
    expect(normaliseAction({ mechanism: 'dns_rpz', domains: ['WWW.NinesMN.com.', 'www.aesorunwe.com', 'www.ninesmn.com'] })).toEqual({
      mechanism: 'dns_rpz',
      domains: ['www.aesorunwe.com', 'www.ninesmn.com'],
      policy: 'nxdomain',
      includeSubdomains: true,
    });
  });

  it('refuses malformed prefixes with the offending value and why', () => {
    expect(codeOf(() => normaliseAction({ mechanism: 'blocklist', prefixes: ['100.64.0.1/24'] }))).toBe(
      'SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX: malformed target "100.64.0.1/24": /action/prefixes[0]: host bits set',
    );
    expect(codeOf(() => normaliseAction({ mechanism: 'blocklist', prefixes: ['100.64.0.0/33'] }))).toMatch(/^SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX: .*length exceeds 32/);
    expect(codeOf(() => normaliseAction({ mechanism: 'blocklist', prefixes: ['100.64.300.1'] }))).toMatch(/^SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX: .*bad address/);
    expect(codeOf(() => normaliseAction({ mechanism: 'blocklist', prefixes: ['::ffff:100.64.0.1'] }))).toMatch(/^SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX: .*dotted form/);
    expect(codeOf(() => normaliseAction({ mechanism: 'rtbh', victim: '192.0.2.0/24' }))).toMatch(/^SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX: .*single host address/);
  });

  it('refuses a FlowSpec rule mixing families and shapes the schema does not know', () => {
    expect(codeOf(() => normaliseAction({ mechanism: 'flowspec', match: { kind: 'sources', sources: ['2001:db8:f000::1'], destination: '192.0.2.7' }, treatment: { kind: 'discard' } }))).toMatch(
      /^SAKIMORI_ERR_OPERATIONS_INVALID_INPUT: invalid input at \/action\/match\/sources: 2001:db8:f000::1\/128 is not of the destination's family/,
    );
    expect(codeOf(() => normaliseAction({ mechanism: 'rtbh', victim: '192.0.2.7', community: '65535:666' }))).toMatch(/^SAKIMORI_ERR_OPERATIONS_INVALID_INPUT: .*unknown key "community"/);
    expect(codeOf(() => normaliseAction({ mechanism: 'portscan', target: '192.0.2.7' }))).toMatch(/^SAKIMORI_ERR_OPERATIONS_INVALID_INPUT/);
  });

  it('refuses top-level and malformed domains for the RPZ zone', () => {
    expect(codeOf(() => normaliseAction({ mechanism: 'dns_rpz', domains: ['com'] }))).toMatch(/SAKIMORI_ERR_OPERATIONS_INVALID_DOMAIN: .*top-level domain/);
    expect(codeOf(() => normaliseAction({ mechanism: 'dns_rpz', domains: ['bad..example.com'] }))).toMatch(/SAKIMORI_ERR_OPERATIONS_INVALID_DOMAIN/);
    expect(codeOf(() => normaliseAction({ mechanism: 'dns_rpz', domains: ['ex ample.com'] }))).toMatch(/SAKIMORI_ERR_OPERATIONS_INVALID_DOMAIN/);
  });

  it('keeps access-and-neutralisation a record: officer, target, foreign flag, measure', () => {
    expect(
      normaliseAction({
        mechanism: 'access_neutralisation',
        officer: 'NPA-CY-0042',
        target: { description: 'C2 server of the botnet', address: '45.32.13.180', domain: 'WWW.NINESMN.COM' },
        foreignLocation: true,
        measure: 'Stop the C2 process',
      }),
    ).toEqual({
      mechanism: 'access_neutralisation',
      officer: 'NPA-CY-0042',
      target: { description: 'C2 server of the botnet', address: '45.32.13.180', domain: 'www.ninesmn.com' },
      foreignLocation: true,
      measure: 'Stop the C2 process',
    });
  });
  it('takes a stored action back as it is, for every mechanism: normalising is idempotent', () => {
    const inputs: unknown[] = [
      { mechanism: 'rtbh', victim: '192.0.2.7' },
      { mechanism: 'flowspec', match: { kind: 'traffic', destination: '192.0.2.0/28', protocol: 17, sourcePorts: [53] }, treatment: { kind: 'discard' } },
      { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.64.0.1'] }, treatment: { kind: 'rate_limit', bytesPerSecond: 1000 } },
      { mechanism: 'flowspec', match: { kind: 'sources', sources: ['100.64.0.1'], destination: '192.0.2.7', protocol: 6 }, treatment: { kind: 'discard' } },
      { mechanism: 'dns_rpz', domains: ['C2.Botnet.example.'] },
      { mechanism: 'blocklist', prefixes: ['100.64.0.1'] },
      { mechanism: 'abuse_notice', attackId: 'A1', sources: ['100.64.0.1'] },
      { mechanism: 'isp_notice', organizationId: 'kumo', hosts: [{ address: '100.64.0.1', evidence: 'seen', detectedAt: 0 }] },
      { mechanism: 'access_neutralisation', officer: 'o', target: { description: 'the C2 host', address: '100.64.0.1' }, foreignLocation: false, measure: 'm' },
      { mechanism: 'access_neutralisation', officer: 'o', target: { description: 'the C2 domain', domain: 'c2.botnet.example' }, foreignLocation: false, measure: 'm' },
    ];
    for (const input of inputs) {
      const stored = JSON.parse(JSON.stringify(normaliseAction(input))) as unknown;
      expect(normaliseAction(stored), JSON.stringify(input)).toEqual(stored);
    }
  });
});
