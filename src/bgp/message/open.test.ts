import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from './byte-writer.js';
import { AS_TRANS, ErrorCode, OpenSubcode } from './constants.js';
import { MessageFramer } from './header.js';
import { decodeOpen, encodeOpen, peerAsOf } from './open.js';

function body(message: Uint8Array): Uint8Array {
  return new MessageFramer().push(message).messages[0]!.body;
}

/** An OPEN gobgpd 3.10 sent us (AS 65001, hold 90, id 10.255.0.1), captured on loopback. */
const GOBGPD_OPEN = '04fde9005a0aff00013c023a0200490402766d0001040001000101040002000101040001008501040002008541040000fde9' + '0512000100010002000100850002000200850002';

describe('OPEN', () => {
  it('round-trips our OPEN with every capability', () => {
    const bytes = encodeOpen({
      localAs: 4200000001,
      holdTimeSeconds: 90,
      bgpId: 0x0a000001,
      families: [
        { afi: 1, safi: 1 },
        { afi: 2, safi: 133 },
      ],
      routeRefresh: true,
      gracefulRestartSeconds: 120,
    });
    const d = decodeOpen(body(bytes));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(d.value).toMatchObject({ version: 4, myAs: AS_TRANS, holdTimeSeconds: 90, bgpId: 0x0a000001 });
    expect(peerAsOf(d.value)).toBe(4200000001);
    expect(d.value.capabilities).toMatchObject({
      multiprotocol: [
        { afi: 1, safi: 1 },
        { afi: 2, safi: 133 },
      ],
      fourOctetAs: 4200000001,
      routeRefresh: true,
      gracefulRestart: {
        restarting: false,
        restartTimeSeconds: 120,
        families: [
          { afi: 1, safi: 1, forwardingPreserved: false },
          { afi: 2, safi: 133, forwardingPreserved: false },
        ],
      },
    });
  });

  it('encodes exactly the octets RFC 4271 §4.2 and RFC 5492 prescribe', () => {
    const bytes = encodeOpen({ localAs: 65000, holdTimeSeconds: 90, bgpId: 0x0a000009, families: [{ afi: 1, safi: 133 }], routeRefresh: false });
    // version 4, AS fde8, hold 005a, id 0a000009, opt len 0e, param 2 len 0c: MP(1,133) + 4-octet AS 65000.
    expect(toHex(bytes.subarray(19))).toBe('04fde8005a0a0000090e020c010400010085410400' + '00fde8');
  });

  it("decodes gobgpd's OPEN, including capabilities we do not interpret", () => {
    const d = decodeOpen(fromHex(GOBGPD_OPEN));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    expect(peerAsOf(d.value)).toBe(65001);
    expect(d.value.capabilities.multiprotocol).toEqual([
      { afi: 1, safi: 1 },
      { afi: 2, safi: 1 },
      { afi: 1, safi: 133 },
      { afi: 2, safi: 133 },
    ]);
    expect(d.value.capabilities.routeRefresh).toBe(true);
    expect(d.value.capabilities.others.map((c) => c.code)).toEqual([73, 5]); // FQDN, extended next hop
  });

  it('reads the RFC 9072 extended optional parameters length', () => {
    // opt len 255, type 255, 2-octet length 9, capability parameter with a 2-octet length 6: 4-octet AS.
    const d = decodeOpen(fromHex('04fde8005a0a000001ffff00090200064104000186a0'));
    expect(d.ok && peerAsOf(d.value)).toBe(100000);
  });

  it('answers version 3 with Unsupported Version Number carrying version 4', () => {
    const d = decodeOpen(fromHex('03fde8005a0a00000100'));
    expect(d.ok).toBe(false);
    if (d.ok) return;
    expect(d.error).toMatchObject({ code: ErrorCode.OpenMessage, subcode: OpenSubcode.UnsupportedVersion });
    expect([...d.error.data]).toEqual([0, 4]);
  });

  it('refuses an unknown optional parameter and a capability that overruns its parameter', () => {
    const unknown = decodeOpen(fromHex('04fde8005a0a000001030101ff'));
    expect(!unknown.ok && unknown.error.subcode).toBe(OpenSubcode.UnsupportedOptionalParameter);
    const overrun = decodeOpen(fromHex('04fde8005a0a00000104020241ff'));
    expect(overrun.ok).toBe(false);
  });
});
