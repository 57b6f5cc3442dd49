import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIPv4, formatIPv6Words, parseIPv4, tryParseAddress } from '../../core/ip.js';
import { isSakimoriError } from '../../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { nodeAes128 } from './aes-node.js';
import type { BlockCipherFactory } from './block-cipher.js';
import { CryptoPan } from './crypto-pan.js';
import { CryptoPanKeyring, parseKeyHex } from './keyring.js';

interface Vectors {
  key_bytes: number[];
  ipv4: [string, string][];
  ipv6: [string, string][];
}

const v6words = (text: string): [number, number, number, number] => tryParseAddress(text)!;
const v6text = (w: ArrayLike<number>): string => formatIPv6Words(w[0]!, w[1]!, w[2]!, w[3]!);

/** Straight from the paper: one AES call per bit, no caches, as an independent reference. */
function referenceV4(key: Uint8Array, addr: number): number {
  const aes = nodeAes128(key.slice(0, 16));
  const pad = aes.encryptBlocks(key.slice(16, 32));
  let otp = 0;
  for (let pos = 0; pos < 32; pos++) {
    const block = Uint8Array.from(pad);
    const padWord = new DataView(pad.buffer, pad.byteOffset).getUint32(0);
    const mask = pos === 0 ? 0 : ~(0xffffffff >>> pos);
    new DataView(block.buffer).setUint32(0, ((addr & mask) | (padWord & ~mask)) >>> 0);
    otp |= (aes.encryptBlocks(block)[0]! >>> 7) << (31 - pos);
  }
  return (addr ^ otp) >>> 0;
}

describeExternal('Crypto-PAn reference vectors', missingFixtures(), () => {
  // Read in beforeAll: the describe body also runs when the block is skipped for want of fixtures.
  let vectors: Vectors;
  let pan: CryptoPan;
  beforeAll(() => {
    vectors = JSON.parse(readFileSync(sharedFixture('cryptopan', 'reference-vectors.json'), 'utf8')) as Vectors;
    pan = new CryptoPan(Uint8Array.from(vectors.key_bytes), nodeAes128);
  });

  it('reproduces every IPv4 vector, one by one and in a batch', () => {
    expect(vectors.ipv4.length).toBeGreaterThan(0);
    expect(vectors.ipv4.map(([a]) => formatIPv4(pan.anonymizeV4(parseIPv4(a))))).toEqual(vectors.ipv4.map(([, b]) => b));
    const batch = Uint32Array.from(vectors.ipv4, ([a]) => parseIPv4(a));
    pan.anonymizeV4Batch(batch, batch);
    expect([...batch].map(formatIPv4)).toEqual(vectors.ipv4.map(([, b]) => b));
  });

  it('reproduces every IPv6 vector', () => {
    expect(vectors.ipv6.length).toBeGreaterThan(0);
    expect(vectors.ipv6.map(([a]) => v6text(pan.anonymizeV6(v6words(a))))).toEqual(vectors.ipv6.map(([, b]) => b));
  });
});

describe('Crypto-PAn', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + 11) & 255);

  it('matches the uncached per-bit algorithm on addresses across the whole space', () => {
    const pan = new CryptoPan(key, nodeAes128);
    const addrs = Uint32Array.from({ length: 2000 }, (_, i) => (Math.imul(i + 1, 2654435761) ^ (i << 7)) >>> 0);
    const out = new Uint32Array(addrs.length);
    pan.anonymizeV4Batch(addrs, out);
    for (let i = 0; i < addrs.length; i += 97) expect(out[i]).toBe(referenceV4(key, addrs[i]!));
  });

  it('preserves prefixes: shared leading bits in, the same shared leading bits out', () => {
    const pan = new CryptoPan(key, nodeAes128);
    const common = (a: number, b: number): number => Math.clz32((a ^ b) >>> 0);
    const pairs: [string, string][] = [
      ['192.0.2.1', '192.0.2.254'],
      ['192.0.2.1', '192.0.3.1'],
      ['10.0.0.1', '138.0.0.1'],
      ['203.0.113.7', '203.0.113.7'],
    ];
    for (const [a, b] of pairs) {
      const [x, y] = [parseIPv4(a), parseIPv4(b)];
      expect(common(pan.anonymizeV4(x), pan.anonymizeV4(y))).toBe(common(x, y));
    }
    const [p, q] = [pan.anonymizeV6(v6words('2001:db8:1::1')), pan.anonymizeV6(v6words('2001:db8:1::ffff'))];
    expect(v6text(p).split(':').slice(0, 4)).toEqual(v6text(q).split(':').slice(0, 4));
  });

  it('pays 8 AES blocks per IPv4 address once its /16 is cached', () => {
    let blocks = 0;
    const counting: BlockCipherFactory = (k) => {
      const aes = nodeAes128(k);
      return { encryptBlocks: (input) => ((blocks += input.length / 16), aes.encryptBlocks(input)) };
    };
    const pan = new CryptoPan(key, counting);
    expect(blocks).toBe(1 + 65535); // the pad, then bits 0–15 of every /16
    const addrs = Uint32Array.from({ length: 1000 }, (_, i) => (parseIPv4('198.51.0.0') + i * 7) >>> 0);
    pan.anonymizeV4Batch(addrs, new Uint32Array(1000));
    expect(blocks - 65536).toBe(255 + 1000 * 8); // one /16 filled, then 8 per address
  });

  it('refuses keys that are not 32 bytes', () => {
    for (const bad of [new Uint8Array(16), new Uint8Array(33)]) {
      try {
        new CryptoPan(bad, nodeAes128);
        expect.unreachable();
      } catch (e) {
        expect(isSakimoriError(e, 'SAKIMORI_ERR_CRYPTOPAN_KEY')).toBe(true);
      }
    }
  });
});

describe('Crypto-PAn keyring', () => {
  const hexKey = (n: number): Uint8Array => parseKeyHex(n.toString(16).padStart(2, '0').repeat(32));

  it('uses a separate key per partner and rotates at validFrom, keeping old keys', () => {
    const ring = new CryptoPanKeyring(nodeAes128);
    const t0 = Date.UTC(2026, 0, 1);
    ring.add({ partner: 'isp-a', keyId: 'a1', key: hexKey(1), validFrom: t0 });
    ring.add({ partner: 'isp-a', keyId: 'a2', key: hexKey(2), validFrom: t0 + 86_400_000 });
    ring.add({ partner: 'cert-b', keyId: 'b1', key: hexKey(3), validFrom: t0 });
    const addr = parseIPv4('192.0.2.55');
    const a1 = ring.current('isp-a', t0 + 1000);
    const a2 = ring.current('isp-a', t0 + 86_400_000);
    expect([a1.keyId, a2.keyId]).toEqual(['a1', 'a2']);
    expect(a1.pan.anonymizeV4(addr)).not.toBe(a2.pan.anonymizeV4(addr));
    expect(ring.current('cert-b', t0).pan.anonymizeV4(addr)).not.toBe(a1.pan.anonymizeV4(addr));
    expect(ring.byId('isp-a', 'a1').pan.anonymizeV4(addr)).toBe(a1.pan.anonymizeV4(addr));
    expect(ring.schedule('isp-a')).toEqual([
      { keyId: 'a1', validFrom: t0 },
      { keyId: 'a2', validFrom: t0 + 86_400_000 },
    ]);
    expect(() => ring.current('isp-a', t0 - 1)).toThrow(/no Crypto-PAn key for partner isp-a is valid at 2025-12-31/);
    expect(() => ring.add({ partner: 'isp-a', keyId: 'a1', key: hexKey(4), validFrom: t0 + 5 })).toThrow(/already used/);
  });

  it('parses hex keys strictly', () => {
    expect(() => parseKeyHex('ab')).toThrow(/expected 64 hex digits \(32 bytes\), got 2 characters/);
    expect(() => parseKeyHex('zz'.repeat(32))).toThrow(/non-hex/);
    expect(parseKeyHex(' ' + '0f'.repeat(32) + '\n')[31]).toBe(15);
  });
});
