import { describe, expect, it } from 'vitest';
import { fromHex } from './byte-writer.js';
import { ErrorCode, HeaderSubcode, MessageType } from './constants.js';
import { MessageFramer, encodeKeepalive, frameMessage } from './header.js';

const MARKER = 'ff'.repeat(16);

describe('MessageFramer', () => {
  it('cuts a stream into messages however the chunks fall', () => {
    const stream = new Uint8Array([...encodeKeepalive(), ...frameMessage(MessageType.Notification, Uint8Array.of(6, 2)), ...encodeKeepalive()]);
    for (const cut of [1, 5, 18, 19, 20, 25, 40]) {
      const f = new MessageFramer();
      const got = [...f.push(stream.subarray(0, cut)).messages, ...f.push(stream.subarray(cut)).messages];
      expect(got.map((m) => m.type)).toEqual([4, 3, 4]);
      expect([...got[1]!.body]).toEqual([6, 2]);
      expect(f.pendingBytes).toBe(0);
    }
  });

  it('rejects a marker that is not all ones with Connection Not Synchronized (RFC 4271 §6.1)', () => {
    const r = new MessageFramer().push(fromHex(`${'ff'.repeat(15)}fe001304`));
    expect(r.error).toMatchObject({ code: ErrorCode.MessageHeader, subcode: HeaderSubcode.ConnectionNotSynchronized });
  });

  it('rejects lengths outside 19..4096 with Bad Message Length carrying the length field', () => {
    for (const len of ['0012', '1001', 'ffff']) {
      const r = new MessageFramer().push(fromHex(`${MARKER}${len}02`));
      expect(r.error?.subcode).toBe(HeaderSubcode.BadMessageLength);
      expect(Buffer.from(r.error!.data).toString('hex')).toBe(len);
    }
  });

  it('rejects a KEEPALIVE longer than 19 octets and an OPEN shorter than 29', () => {
    expect(new MessageFramer().push(fromHex(`${MARKER}001404ff`)).error?.subcode).toBe(HeaderSubcode.BadMessageLength);
    expect(new MessageFramer().push(fromHex(`${MARKER}001c01${'00'.repeat(9)}`)).error?.subcode).toBe(HeaderSubcode.BadMessageLength);
  });

  it('rejects an unknown message type with Bad Message Type carrying the type', () => {
    const r = new MessageFramer().push(fromHex(`${MARKER}001309`));
    expect(r.error).toMatchObject({ code: 1, subcode: HeaderSubcode.BadMessageType, data: Uint8Array.of(9) });
  });

  it('stays silent after an error: the stream cannot be resynchronised', () => {
    const f = new MessageFramer();
    expect(f.push(fromHex(`${MARKER}001309`)).error).toBeDefined();
    expect(f.push(encodeKeepalive())).toEqual({ messages: [], error: undefined });
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 2000; i++) {
      const f = new MessageFramer();
      const b = new Uint8Array(Math.floor(rnd() * 100));
      for (let k = 0; k < b.length; k++) b[k] = rnd() < 0.6 ? 0xff : Math.floor(rnd() * 256);
      expect(() => f.push(b)).not.toThrow();
    }
  });
});
