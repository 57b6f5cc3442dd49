import { describe, expect, it } from 'vitest';
import { deterministicId, uuidV5 } from './deterministic-id.js';
import { sha1 } from './sha1.js';
import { validateStix } from './validate-stix.js';

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

describe('deterministic SCO identifiers', () => {
  it('SHA-1 and UUIDv5 match their published vectors', () => {
    expect(hex(sha1(new TextEncoder().encode('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(hex(sha1(new Uint8Array(0)))).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(hex(sha1(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe('84983e441c3bd26ebaae4aa1f95129e5e54670f1');
    // RFC 9562 appendix A.4 / Python's uuid5(NAMESPACE_DNS, 'python.org').
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('derives the id from the canonical JSON of the contributing properties, one hash only', () => {
    const key = 'HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Services\\WSALG2';
    expect(deterministicId({ type: 'windows-registry-key', key })).toBe('windows-registry-key--49c1d535-279a-5b26-ab7f-f0b9a57f2a19');
    const file = deterministicId({ type: 'file', name: 'a.exe', hashes: { 'SHA-256': 'aa', MD5: 'bb' } });
    expect(file).toBe(deterministicId({ type: 'file', hashes: { MD5: 'bb' }, name: 'a.exe', size: 12 }));
    expect(deterministicId({ type: 'process', pid: 4 })).toBeUndefined();
    expect(deterministicId({ type: 'file', size: 4 })).toBeUndefined();
  });

  it('is checked only when asked for', () => {
    const sco = { type: 'windows-registry-key', id: 'windows-registry-key--16b80d14-d574-5620-abad-10ff304b1c26', key: 'HKEY_LOCAL_MACHINE\\SYSTEM' };
    expect(validateStix(sco).warnings).toEqual([]);
    expect(validateStix(sco, { deterministicIds: true }).warnings).toEqual([expect.objectContaining({ path: '/id', code: 'SAKIMORI_ERR_STIX_OBJECT_DETERMINISTIC_ID' })]);
    const derived = deterministicId(sco) ?? '';
    expect(validateStix({ ...sco, id: derived }, { deterministicIds: true, strict: true }).valid).toBe(true);
  });
});
