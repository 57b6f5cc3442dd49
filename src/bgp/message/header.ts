/**
 * The BGP message header (RFC 4271 §4.1) and a stream framer that cuts a TCP byte stream into
 * messages, checking marker, length and type as RFC 4271 §6.1 requires.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ErrorCode, HEADER_LENGTH, HeaderSubcode, MAX_MESSAGE_LENGTH, MessageType } from './constants.js';
import type { WireError } from './wire-error.js';

/** Smallest legal length of each message type (RFC 4271 §4.2–4.5, RFC 2918 §3). */
const MIN_LENGTH: Readonly<Record<number, number>> = { 1: 29, 2: 23, 3: 21, 4: 19, 5: 23 };

/** Wraps a message body in a header: all-ones marker, total length, type. */
export function frameMessage(type: MessageType, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(HEADER_LENGTH + body.length);
  out.fill(0xff, 0, 16);
  out[16] = (out.length >>> 8) & 0xff;
  out[17] = out.length & 0xff;
  out[18] = type;
  out.set(body, HEADER_LENGTH);
  return out;
}

/** A KEEPALIVE: a bare header (RFC 4271 §4.4). */
export function encodeKeepalive(): Uint8Array {
  return frameMessage(MessageType.Keepalive, new Uint8Array(0));
}

/** One framed message: its type and its body (the bytes after the header). */
export interface RawMessage {
  readonly type: number;
  readonly body: Uint8Array;
}

/** What {@link MessageFramer.push} found: whole messages, and possibly the error that stopped framing. */
export interface FrameResult {
  readonly messages: readonly RawMessage[];
  readonly error: WireError | undefined;
}

function headerError(subcode: number, reason: string, data: Uint8Array): WireError {
  return { code: ErrorCode.MessageHeader, subcode, data, reason, treatAsWithdraw: false };
}

/**
 * Cuts a byte stream into BGP messages. After a header error the framer is poisoned: the stream
 * cannot be resynchronised (RFC 4271 §6.1), so the session must send the error and close.
 */
export class MessageFramer {
  #pending: Uint8Array = new Uint8Array(0);
  #poisoned = false;
  readonly #maxLength: number;

  constructor(maxLength = MAX_MESSAGE_LENGTH) {
    this.#maxLength = maxLength;
  }

  /** Bytes held waiting for the rest of a message. */
  get pendingBytes(): number {
    return this.#pending.length;
  }

  /** Appends a chunk and returns every message it completes. */
  push(chunk: Uint8Array): FrameResult {
    if (this.#poisoned) return { messages: [], error: undefined };
    let buf = chunk;
    if (this.#pending.length > 0) {
      buf = new Uint8Array(this.#pending.length + chunk.length);
      buf.set(this.#pending);
      buf.set(chunk, this.#pending.length);
    }
    const messages: RawMessage[] = [];
    let o = 0;
    while (buf.length - o >= HEADER_LENGTH) {
      for (let i = 0; i < 16; i++) {
        if (buf[o + i] !== 0xff) return this.#poison(messages, headerError(HeaderSubcode.ConnectionNotSynchronized, 'marker is not all ones', new Uint8Array(0)));
      }
      const length = (buf[o + 16]! << 8) | buf[o + 17]!;
      const type = buf[o + 18]!;
      if (length < HEADER_LENGTH || length > this.#maxLength) {
        return this.#poison(messages, headerError(HeaderSubcode.BadMessageLength, `message length ${length} out of range`, buf.slice(o + 16, o + 18)));
      }
      const min = MIN_LENGTH[type];
      if (min === undefined) return this.#poison(messages, headerError(HeaderSubcode.BadMessageType, `unknown message type ${type}`, Uint8Array.of(type)));
      // RFC 4271 §6.1: a KEEPALIVE must be exactly 19 octets; others have a type-specific minimum.
      if (length < min || (type === MessageType.Keepalive && length !== HEADER_LENGTH)) {
        return this.#poison(messages, headerError(HeaderSubcode.BadMessageLength, `length ${length} wrong for message type ${type}`, buf.slice(o + 16, o + 18)));
      }
      if (buf.length - o < length) break;
      messages.push({ type, body: buf.slice(o + HEADER_LENGTH, o + length) });
      o += length;
    }
    this.#pending = o === buf.length ? new Uint8Array(0) : buf.slice(o);
    return { messages, error: undefined };
  }

  #poison(messages: RawMessage[], error: WireError): FrameResult {
    this.#poisoned = true;
    this.#pending = new Uint8Array(0);
    return { messages, error };
  }
}
