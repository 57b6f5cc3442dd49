/**
 * OPEN messages (RFC 4271 §4.2) with capabilities (RFC 5492): multiprotocol (RFC 4760 §8),
 * route refresh (RFC 2918), graceful restart (RFC 4724 §3), 4-octet AS (RFC 6793 §3), and the
 * extended optional parameters length of RFC 9072 when decoding.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ByteWriter } from './byte-writer.js';
import { AS_TRANS, BGP_VERSION, CapabilityCode, ErrorCode, MessageType, OpenSubcode, OptParamType } from './constants.js';
import { frameMessage } from './header.js';
import { fail, runDecoder, type DecodeResult } from './wire-error.js';

/** An AFI/SAFI pair as carried in a capability. */
export interface AfiSafi {
  readonly afi: number;
  readonly safi: number;
}

/** Graceful restart capability contents (RFC 4724 §3). */
export interface GracefulRestartCapability {
  /** R bit: the sender has restarted. */
  readonly restarting: boolean;
  /** N bit (RFC 8538): the sender supports graceful NOTIFICATION handling. */
  readonly notification: boolean;
  /** Restart time in seconds (12 bits). */
  readonly restartTimeSeconds: number;
  /** Families for which the sender preserves forwarding state, with the F bit. */
  readonly families: readonly (AfiSafi & { readonly forwardingPreserved: boolean })[];
}

/** Capabilities of an OPEN, decoded for what we use and kept raw for the rest. */
export interface Capabilities {
  /** Multiprotocol families advertised (any AFI/SAFI, known or not). */
  readonly multiprotocol: readonly AfiSafi[];
  /** The 4-octet AS number when the 4-octet AS capability is present. */
  readonly fourOctetAs: number | undefined;
  readonly routeRefresh: boolean;
  readonly enhancedRouteRefresh: boolean;
  readonly gracefulRestart: GracefulRestartCapability | undefined;
  /** Capabilities not interpreted above, as received. */
  readonly others: readonly { readonly code: number; readonly value: Uint8Array }[];
}

/** A decoded or to-be-encoded OPEN message. */
export interface OpenMessage {
  readonly version: number;
  /** The 2-octet "My Autonomous System" field (AS_TRANS when the real AS needs 4 octets). */
  readonly myAs: number;
  readonly holdTimeSeconds: number;
  /** BGP identifier as an unsigned 32-bit number. */
  readonly bgpId: number;
  readonly capabilities: Capabilities;
}

/** What we advertise in our OPEN. */
export interface OpenParams {
  readonly localAs: number;
  readonly holdTimeSeconds: number;
  readonly bgpId: number;
  readonly families: readonly AfiSafi[];
  readonly routeRefresh: boolean;
  /** Advertise graceful restart with this restart time (seconds) for all families, or omit. */
  readonly gracefulRestartSeconds?: number | undefined;
}

/** The AS number a peer really has: the 4-octet capability wins over the 2-octet field (RFC 6793 §3). */
export function peerAsOf(open: OpenMessage): number {
  return open.capabilities.fourOctetAs ?? open.myAs;
}

function capability(w: ByteWriter, code: number, value: Uint8Array): void {
  w.u8(code).u8(value.length).bytes(value);
}

/** Encodes our OPEN message, header included. */
export function encodeOpen(p: OpenParams): Uint8Array {
  const caps = new ByteWriter(64);
  for (const f of p.families) capability(caps, CapabilityCode.Multiprotocol, new ByteWriter(4).u16(f.afi).u8(0).u8(f.safi).finish());
  if (p.routeRefresh) capability(caps, CapabilityCode.RouteRefresh, new Uint8Array(0));
  if (p.gracefulRestartSeconds !== undefined) {
    // No R bit: we never hold forwarding state across a restart; F bits clear for the same reason.
    const gr = new ByteWriter(2 + p.families.length * 4).u16(p.gracefulRestartSeconds & 0x0fff);
    for (const f of p.families) gr.u16(f.afi).u8(f.safi).u8(0);
    capability(caps, CapabilityCode.GracefulRestart, gr.finish());
  }
  capability(caps, CapabilityCode.FourOctetAs, new ByteWriter(4).u32(p.localAs).finish());
  const capBytes = caps.finish();
  const w = new ByteWriter(32 + capBytes.length);
  w.u8(BGP_VERSION)
    .u16(p.localAs > 0xffff ? AS_TRANS : p.localAs)
    .u16(p.holdTimeSeconds)
    .u32(p.bgpId);
  w.u8(capBytes.length + 2)
    .u8(OptParamType.Capabilities)
    .u8(capBytes.length)
    .bytes(capBytes);
  return frameMessage(MessageType.Open, w.finish());
}

function openFail(reason: string, subcode = 0, data?: Uint8Array): never {
  fail(ErrorCode.OpenMessage, subcode, reason, data);
}

/** Decodes an OPEN message body (after the header). Never throws. */
export function decodeOpen(body: Uint8Array): DecodeResult<OpenMessage> {
  return runDecoder(() => decodeOpenBody(body), { code: ErrorCode.OpenMessage, subcode: 0 });
}

function decodeOpenBody(body: Uint8Array): OpenMessage {
  const v = new DataView(body.buffer, body.byteOffset, body.byteLength);
  if (body.length < 10) openFail('OPEN shorter than 10 octets');
  const version = body[0]!;
  // RFC 4271 §6.2: the data is the largest version we support.
  if (version !== BGP_VERSION) openFail(`unsupported BGP version ${version}`, OpenSubcode.UnsupportedVersion, Uint8Array.of(0, BGP_VERSION));
  const myAs = v.getUint16(1);
  const holdTimeSeconds = v.getUint16(3);
  const bgpId = v.getUint32(5);
  let optLen = body[9]!;
  let o = 10;
  let extended = false;
  // RFC 9072 §2: a non-extended length of 255 followed by type 255 announces 2-octet lengths.
  if (optLen === 255 && body.length > 10 && body[10] === OptParamType.ExtendedLength) {
    if (body.length < 13) openFail('truncated extended optional parameters length');
    optLen = v.getUint16(11);
    o = 13;
    extended = true;
  }
  if (o + optLen !== body.length) openFail('optional parameters length does not match the message length');
  const caps = new CapabilityCollector();
  const end = o + optLen;
  while (o < end) {
    const hdr = extended ? 3 : 2;
    if (o + hdr > end) openFail('truncated optional parameter');
    const type = body[o]!;
    const len = extended ? v.getUint16(o + 1) : body[o + 1]!;
    o += hdr;
    if (o + len > end) openFail('optional parameter overruns the message');
    if (type !== OptParamType.Capabilities) openFail(`unsupported optional parameter ${type}`, OpenSubcode.UnsupportedOptionalParameter);
    caps.parse(body.subarray(o, o + len));
    o += len;
  }
  return { version, myAs, holdTimeSeconds, bgpId, capabilities: caps.result() };
}

class CapabilityCollector {
  readonly multiprotocol: AfiSafi[] = [];
  fourOctetAs: number | undefined;
  routeRefresh = false;
  enhancedRouteRefresh = false;
  gracefulRestart: GracefulRestartCapability | undefined;
  readonly others: { code: number; value: Uint8Array }[] = [];

  parse(b: Uint8Array): void {
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    let o = 0;
    while (o < b.length) {
      if (o + 2 > b.length) openFail('truncated capability');
      const code = b[o]!;
      const len = b[o + 1]!;
      o += 2;
      if (o + len > b.length) openFail(`capability ${code} overruns its parameter`);
      const value = b.slice(o, o + len);
      this.#one(code, value, new DataView(v.buffer, v.byteOffset + o, len));
      o += len;
    }
  }

  #one(code: number, value: Uint8Array, v: DataView): void {
    switch (code) {
      case CapabilityCode.Multiprotocol:
        if (value.length !== 4) openFail('multiprotocol capability length is not 4');
        this.multiprotocol.push({ afi: v.getUint16(0), safi: v.getUint8(3) });
        return;
      case CapabilityCode.FourOctetAs:
        if (value.length !== 4) openFail('4-octet AS capability length is not 4');
        this.fourOctetAs = v.getUint32(0);
        return;
      case CapabilityCode.RouteRefresh:
        this.routeRefresh = true;
        return;
      case CapabilityCode.EnhancedRouteRefresh:
        this.enhancedRouteRefresh = true;
        return;
      case CapabilityCode.GracefulRestart:
        this.gracefulRestart = decodeGracefulRestart(value, v);
        return;
      default:
        this.others.push({ code, value });
    }
  }

  result(): Capabilities {
    return {
      multiprotocol: this.multiprotocol,
      fourOctetAs: this.fourOctetAs,
      routeRefresh: this.routeRefresh,
      enhancedRouteRefresh: this.enhancedRouteRefresh,
      gracefulRestart: this.gracefulRestart,
      others: this.others,
    };
  }
}

function decodeGracefulRestart(value: Uint8Array, v: DataView): GracefulRestartCapability {
  if (value.length < 2 || (value.length - 2) % 4 !== 0) openFail('graceful restart capability has a bad length');
  const head = v.getUint16(0);
  const families: (AfiSafi & { forwardingPreserved: boolean })[] = [];
  for (let o = 2; o < value.length; o += 4) {
    families.push({ afi: v.getUint16(o), safi: v.getUint8(o + 2), forwardingPreserved: (v.getUint8(o + 3) & 0x80) !== 0 });
  }
  return { restarting: (head & 0x8000) !== 0, notification: (head & 0x4000) !== 0, restartTimeSeconds: head & 0x0fff, families };
}
