/**
 * NOTIFICATION messages (RFC 4271 §4.5) with readable names for codes and subcodes, and the
 * shutdown communication of RFC 9003 carried by Cease / Administrative Shutdown or Reset.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { CeaseSubcode, ErrorCode, MessageType } from './constants.js';
import { frameMessage } from './header.js';
import { fail, runDecoder, type DecodeResult } from './wire-error.js';

/** A NOTIFICATION: error code, subcode and data. */
export interface NotificationMessage {
  readonly code: number;
  readonly subcode: number;
  readonly data: Uint8Array;
}

const CODE_NAMES: Readonly<Record<number, string>> = {
  1: 'message header error',
  2: 'OPEN message error',
  3: 'UPDATE message error',
  4: 'hold timer expired',
  5: 'finite state machine error',
  6: 'cease',
  7: 'ROUTE-REFRESH message error',
};

const SUBCODE_NAMES: Readonly<Record<number, Readonly<Record<number, string>>>> = {
  1: { 1: 'connection not synchronized', 2: 'bad message length', 3: 'bad message type' },
  2: { 1: 'unsupported version number', 2: 'bad peer AS', 3: 'bad BGP identifier', 4: 'unsupported optional parameter', 6: 'unacceptable hold time', 7: 'unsupported capability' },
  3: {
    1: 'malformed attribute list',
    2: 'unrecognized well-known attribute',
    3: 'missing well-known attribute',
    4: 'attribute flags error',
    5: 'attribute length error',
    6: 'invalid ORIGIN attribute',
    8: 'invalid NEXT_HOP attribute',
    9: 'optional attribute error',
    10: 'invalid network field',
    11: 'malformed AS_PATH',
  },
  5: { 1: 'unexpected message in OpenSent', 2: 'unexpected message in OpenConfirm', 3: 'unexpected message in Established' },
  6: {
    1: 'maximum number of prefixes reached',
    2: 'administrative shutdown',
    3: 'peer de-configured',
    4: 'administrative reset',
    5: 'connection rejected',
    6: 'other configuration change',
    7: 'connection collision resolution',
    8: 'out of resources',
    9: 'hard reset',
    10: 'BFD down',
  },
  7: { 1: 'invalid message length' },
};

/** Encodes a NOTIFICATION, header included. */
export function encodeNotification(n: NotificationMessage): Uint8Array {
  const body = new Uint8Array(2 + n.data.length);
  body[0] = n.code;
  body[1] = n.subcode;
  body.set(n.data, 2);
  return frameMessage(MessageType.Notification, body);
}

/**
 * Encodes the RFC 9003 shutdown communication: a length octet and up to 255 octets of UTF-8,
 * truncated on a character boundary.
 */
export function shutdownCommunication(text: string): Uint8Array {
  let bytes = new TextEncoder().encode(text);
  if (bytes.length > 255) {
    let cut = 255;
    while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--; // do not split a UTF-8 sequence
    bytes = bytes.slice(0, cut);
  }
  const out = new Uint8Array(1 + bytes.length);
  out[0] = bytes.length;
  out.set(bytes, 1);
  return out;
}

/** Decodes a NOTIFICATION body (after the header). Never throws. */
export function decodeNotification(body: Uint8Array): DecodeResult<NotificationMessage> {
  return runDecoder(
    () => {
      if (body.length < 2) fail(ErrorCode.MessageHeader, 2, 'NOTIFICATION shorter than 2 octets');
      return { code: body[0]!, subcode: body[1]!, data: body.slice(2) };
    },
    { code: ErrorCode.MessageHeader, subcode: 0 },
  );
}

/**
 * Describes a NOTIFICATION for humans: "cease / administrative shutdown: maintenance".
 * The RFC 9003 shutdown communication is shown when present and well formed.
 */
export function describeNotification(n: NotificationMessage): string {
  const code = CODE_NAMES[n.code] ?? `error code ${n.code}`;
  const sub = SUBCODE_NAMES[n.code]?.[n.subcode] ?? (n.subcode === 0 ? undefined : `subcode ${n.subcode}`);
  let text = sub === undefined ? code : `${code} / ${sub}`;
  const isShutdown = n.code === ErrorCode.Cease && (n.subcode === CeaseSubcode.AdministrativeShutdown || n.subcode === CeaseSubcode.AdministrativeReset);
  if (isShutdown && n.data.length > 0 && n.data[0]! === n.data.length - 1 && n.data[0]! > 0) {
    try {
      text += `: ${new TextDecoder('utf-8', { fatal: true }).decode(n.data.subarray(1))}`;
    } catch {
      // Not UTF-8: RFC 9003 §2 says to ignore the communication then.
    }
  }
  return text;
}

/** Decodes a ROUTE-REFRESH body into its AFI/SAFI (RFC 2918 §3, RFC 7313 §5). Never throws. */
export function decodeRouteRefresh(body: Uint8Array): DecodeResult<{ readonly afi: number; readonly safi: number; readonly subtype: number }> {
  return runDecoder(
    () => {
      if (body.length !== 4) fail(ErrorCode.RouteRefresh, 1, 'ROUTE-REFRESH body is not 4 octets', body.slice(0, 4));
      return { afi: (body[0]! << 8) | body[1]!, subtype: body[2]!, safi: body[3]! };
    },
    { code: ErrorCode.RouteRefresh, subcode: 0 },
  );
}
