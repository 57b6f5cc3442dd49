import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { fromHex, toHex } from '../message/byte-writer.js';
import { DISCARD, actionCommunity, decodeAction, encodeActions, formatAction, type FlowSpecAction } from './actions.js';
import { decodeFlowSpecNlri } from './decode.js';
import { encodeFlowSpecNlri } from './encode.js';
import { FragmentFlag, TcpFlag, bitmask, numeric, type FlowSpecRule } from './rule.js';
import { formatFlowSpecRule } from './text.js';
import { flowSpecRuleProblems, normaliseFlowSpecRule } from './validate.js';

function encode(rule: FlowSpecRule): string {
  return toHex(encodeFlowSpecNlri(normaliseFlowSpecRule(rule)));
}

function decodeOne(hex: string, family: 'ipv4' | 'ipv6'): FlowSpecRule {
  const d = decodeFlowSpecNlri(fromHex(hex), family);
  if (!d.ok) throw new Error(d.error.reason);
  expect(d.value.malformed).toBeUndefined();
  expect(d.value.rules).toHaveLength(1);
  return d.value.rules[0]!;
}

const SMTP_RULE: FlowSpecRule = {
  family: 'ipv4',
  components: [
    { kind: 'port', terms: numeric.anyOf(25) },
    { kind: 'destination', prefix: '192.0.2.0/24' },
    { kind: 'protocol', terms: numeric.anyOf(6) },
  ],
};

/** The rule gobgpd encoded as `match destination 10.0.0.1/32 protocol tcp destination-port ==80 >=1024&<=2048 tcp-flags =S !A fragment is-fragment`. */
const GOBGPD_RULE_NLRI = '1a01200a000001038106050150130400d5080009010282100c8002';
const GOBGPD_RULE: FlowSpecRule = {
  family: 'ipv4',
  components: [
    { kind: 'destination', prefix: '10.0.0.1/32' },
    { kind: 'protocol', terms: numeric.anyOf(6) },
    { kind: 'destination-port', terms: [...numeric.anyOf(80), ...numeric.range(1024, 2048)] },
    { kind: 'tcp-flags', terms: [bitmask.matchAll(TcpFlag.SYN), bitmask.noneOf(TcpFlag.ACK)] },
    { kind: 'fragment', terms: [bitmask.anyOf(FragmentFlag.IsFragment)] },
  ],
};

describe('FlowSpec NLRI encoding', () => {
  it('encodes the RFC 8955 §4.3 example 1 (192.0.2.0/24, TCP, port 25), sorting components by type', () => {
    expect(encode(SMTP_RULE)).toBe('0b0118c0000203810604' + '8119');
  });

  it('produces the same octets as gobgpd for the same rule', () => {
    expect(encode(GOBGPD_RULE)).toBe(GOBGPD_RULE_NLRI);
    expect(decodeOne(GOBGPD_RULE_NLRI, 'ipv4')).toEqual(normaliseFlowSpecRule(GOBGPD_RULE));
  });

  it('encodes an IPv6 prefix pattern from the offset bit on, as in RFC 8956 §3.8.2', () => {
    const rule: FlowSpecRule = { family: 'ipv6', components: [{ kind: 'source', prefix: '::1:1234:5678:9800:0/104', offset: 60 }] };
    expect(encode(rule)).toBe('09' + '02683c112345678980');
    expect(formatFlowSpecRule(decodeOne('0902683c112345678980', 'ipv6'))).toBe('[source: ::1:1234:5678:9800:0/60-104]');
  });

  it('uses the 2-octet NLRI length from 240 octets on (RFC 8955 §4.1)', () => {
    const terms = Array.from({ length: 80 }, (_, i) => numeric.term('==', 1000 + i));
    const hex = encode({ family: 'ipv4', components: [{ kind: 'port', terms }] });
    expect(hex.slice(0, 4)).toBe('f0f1'); // 1 type octet + 80 × 3 octets = 241
    expect(decodeOne(hex, 'ipv4').components[0]).toEqual({ kind: 'port', terms });
  });

  it('round-trips every component kind, with values of every operand length', () => {
    const v4: FlowSpecRule = normaliseFlowSpecRule({
      family: 'ipv4',
      components: [
        { kind: 'destination', prefix: '203.0.113.0/25' },
        { kind: 'source', prefix: '0.0.0.0/0' },
        { kind: 'protocol', terms: [numeric.term('!=', 6), numeric.term('<', 200, true)] },
        { kind: 'port', terms: numeric.anyOf(0, 65535) },
        { kind: 'destination-port', terms: numeric.range(1, 1023) },
        { kind: 'source-port', terms: [numeric.term('>', 255), numeric.term('true', 0)] },
        { kind: 'icmp-type', terms: numeric.anyOf(8) },
        { kind: 'icmp-code', terms: [numeric.term('false', 0)] },
        { kind: 'tcp-flags', terms: [bitmask.matchAll(0x0fff), bitmask.anyOf(TcpFlag.RST | TcpFlag.FIN, true)] },
        { kind: 'packet-length', terms: numeric.range(64, 1500) },
        { kind: 'dscp', terms: numeric.anyOf(46) },
        { kind: 'fragment', terms: [{ and: false, not: true, match: true, value: FragmentFlag.DontFragment | FragmentFlag.LastFragment }] },
      ],
    });
    expect(decodeOne(toHex(encodeFlowSpecNlri(v4)), 'ipv4')).toEqual(v4);
    const v6 = normaliseFlowSpecRule({
      family: 'ipv6',
      components: [
        { kind: 'destination', prefix: '2001:db8::/32' },
        { kind: 'source', prefix: 'fa00::/8', offset: 4 },
        { kind: 'protocol', terms: numeric.anyOf(58) },
        { kind: 'fragment', terms: [bitmask.anyOf(FragmentFlag.FirstFragment)] },
        { kind: 'flow-label', terms: numeric.anyOf(0xfffff) },
      ],
    });
    expect(decodeOne(toHex(encodeFlowSpecNlri(v6)), 'ipv6')).toEqual(v6);
    // The bits before the offset are "don't care" (RFC 8956 §3.1): normalisation clears them.
    expect(v6.components[1]).toEqual({ kind: 'source', prefix: 'a00::/8', offset: 4 });
  });
});

describe('FlowSpec validation', () => {
  it('lists every problem of a bad rule', () => {
    const problems = flowSpecRuleProblems({
      family: 'ipv4',
      components: [
        { kind: 'destination', prefix: '10.0.0.1/24' },
        { kind: 'destination-port', terms: [numeric.term('==', 70000, true)] },
        { kind: 'dscp', terms: [] },
        { kind: 'flow-label', terms: numeric.anyOf(1) },
        { kind: 'protocol', terms: numeric.anyOf(6) },
        { kind: 'protocol', terms: numeric.anyOf(17) },
      ],
    });
    expect(problems).toEqual([
      'destination: invalid IP prefix "10.0.0.1/24": host bits set',
      'destination-port: the first term cannot be joined with AND',
      'destination-port term 0: value 70000 outside 0..65535',
      'dscp: needs at least one term',
      'flow-label is only defined for IPv6 (RFC 8956 §3.7)',
      'component protocol appears twice',
    ]);
  });

  it('refuses an empty rule, which would match all traffic', () => {
    expect(flowSpecRuleProblems({ family: 'ipv4', components: [] })).toEqual(['a rule needs at least one component (an empty rule matches all traffic)']);
  });

  it('refuses offsets on IPv4 and the DF fragment bit on IPv6', () => {
    expect(flowSpecRuleProblems({ family: 'ipv4', components: [{ kind: 'destination', prefix: '10.0.0.0/8', offset: 4 }] })[0]).toContain('only defined for IPv6');
    expect(flowSpecRuleProblems({ family: 'ipv6', components: [{ kind: 'fragment', terms: [bitmask.anyOf(FragmentFlag.DontFragment)] }] })[0]).toContain('no DF bit for IPv6');
    expect(flowSpecRuleProblems({ family: 'ipv6', components: [{ kind: 'destination', prefix: '10.0.0.0/8' }] })[0]).toContain('is not ipv6');
  });

  it('throws a coded error from normalise', () => {
    try {
      normaliseFlowSpecRule({ family: 'ipv4', components: [] });
      expect.unreachable();
    } catch (e) {
      expect(isSakimoriError(e, 'SAKIMORI_ERR_BGP_FLOWSPEC_INVALID')).toBe(true);
    }
  });
});

describe('FlowSpec decoding of bad NLRI', () => {
  it('marks out-of-order, unknown and unterminated components malformed (treat-as-withdraw)', () => {
    for (const hex of ['06038106' + '018000', '03' + 'ff8101', '03' + '030106']) {
      const d = decodeFlowSpecNlri(fromHex(hex), 'ipv4');
      expect(d.ok && d.value.malformed?.treatAsWithdraw).toBe(true);
    }
  });

  it('fails the whole field when an NLRI length runs past it (session reset)', () => {
    const d = decodeFlowSpecNlri(fromHex('0a0118c00002'), 'ipv4');
    expect(!d.ok && d.error.treatAsWithdraw).toBe(false);
  });
});

describe('canonical text', () => {
  it('writes components in type order, AND as & and OR as a space', () => {
    expect(formatFlowSpecRule(normaliseFlowSpecRule(GOBGPD_RULE))).toBe('[destination: 10.0.0.1/32][protocol: ==6][destination-port: ==80 >=1024&<=2048][tcp-flags: =S !A][fragment: is-fragment]');
    expect(formatFlowSpecRule(normaliseFlowSpecRule(SMTP_RULE))).toBe('[destination: 192.0.2.0/24][protocol: ==6][port: ==25]');
  });
});

describe('FlowSpec actions (RFC 8955 §7)', () => {
  const cases: [FlowSpecAction, string, string][] = [
    [DISCARD, '8006000000000000', 'discard'],
    [{ kind: 'traffic-rate-bytes', rate: 1000 }, '80060000447a0000', 'rate-bytes 1000'],
    [{ kind: 'traffic-rate-packets', rate: 50, asn: 65000 }, '800cfde842480000', 'rate-packets 50'],
    [{ kind: 'traffic-action', sample: true, terminal: true }, '8007000000000003', 'sample terminal'],
    [{ kind: 'redirect', target: '65000:100' }, '8008fde800000064', 'redirect 65000:100'],
    [{ kind: 'redirect', target: '192.0.2.1:7' }, '8108c00002010007', 'redirect 192.0.2.1:7'],
    [{ kind: 'redirect', target: '4200000000:7' }, '8208fa56ea000007', 'redirect 4200000000:7'],
    [{ kind: 'traffic-marking', dscp: 46 }, '800900000000002e', 'mark 46'],
  ];

  it.each(cases)('encodes %j', (action, hex, text) => {
    const c = actionCommunity(action);
    expect(typeof c === 'string' ? c : toHex(c)).toBe(hex);
    expect(formatAction(action)).toBe(text);
    expect(decodeAction(fromHex(hex))).toMatchObject(action);
  });

  it('refuses duplicate kinds and out-of-range values with every problem listed', () => {
    expect(() => encodeActions([DISCARD, { kind: 'traffic-rate-bytes', rate: -1 }, { kind: 'traffic-marking', dscp: 64 }, { kind: 'redirect', target: 'x:1' }])).toThrow(
      'action traffic-rate-bytes appears twice; traffic-rate-bytes: rate must be a non-negative number; traffic-marking: dscp must be 0..63; redirect target x:1 is not admin:number',
    );
  });
});
