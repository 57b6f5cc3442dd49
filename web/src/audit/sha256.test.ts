import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256 } from './sha256.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('browser SHA-256', () => {
  it('matches the FIPS 180-4 examples', () => {
    expect(hex(sha256(new TextEncoder().encode('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hex(sha256(new Uint8Array(0)))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('matches node:crypto at every length around the block and padding boundaries', () => {
    const data = new Uint8Array(300).map((_, i) => (i * 131 + 7) & 255);
    for (let n = 0; n <= 300; n++) {
      const part = data.subarray(n % 3, (n % 3) + n > 300 ? 300 : (n % 3) + n);
      expect(hex(sha256(part))).toBe(createHash('sha256').update(part).digest('hex'));
    }
  });
});
