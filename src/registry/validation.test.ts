import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { parsePrefix } from '../core/ip.js';
import { prefixRange, validateEmail, validateName, validatePhone, validatePrefix, validateSector, validateStatus } from './validation.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : 'not coded';
  }
}

describe('registry validation', () => {
  it('trims names and refuses empty, overlong or unprintable ones', () => {
    expect(validateName('  Kohaku Bank ', 'organization name')).toBe('Kohaku Bank');
    expect(codeOf(() => validateName('   ', 'organization name'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_NAME');
    expect(codeOf(() => validateName('x'.repeat(201), 'organization name'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_NAME');
    expect(codeOf(() => validateName('Bank\u0000', 'organization name'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_NAME');
    expect(codeOf(() => validateName('Bank\u202Eknab', 'organization name'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_NAME');
    expect(codeOf(() => validateName(42, 'organization name'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_NAME');
  });

  it('accepts only the designated sectors and known statuses', () => {
    expect(validateSector('credit-cards')).toBe('credit-cards');
    expect(() => validateSector('banking')).toThrow(/unknown sector "banking" \(one of: electricity, gas, /);
    expect(validateStatus('candidate')).toBe('candidate');
    expect(codeOf(() => validateStatus('Designated'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_STATUS');
  });

  it('checks contact e-mail and phone loosely but refuses garbage', () => {
    expect(validateEmail(' soc@kohaku-bank.example ')).toBe('soc@kohaku-bank.example');
    expect(validateEmail(undefined)).toBeNull();
    expect(codeOf(() => validateEmail('soc at bank'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_CONTACT');
    expect(validatePhone('+81 3-0000-0000')).toBe('+81 3-0000-0000');
    expect(codeOf(() => validatePhone('call me'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_CONTACT');
  });

  it('canonicalises prefixes and refuses host bits, bad lengths and IPv4-mapped IPv6', () => {
    expect(validatePrefix('2001:0DB8:0100:0000::/48').text).toBe('2001:db8:100::/48');
    expect(validatePrefix(' 192.0.2.0/24 ').text).toBe('192.0.2.0/24');
    expect(validatePrefix('192.0.2.7').text).toBe('192.0.2.7/32');
    expect(() => validatePrefix('192.0.2.1/24')).toThrow('invalid prefix "192.0.2.1/24": host bits set');
    expect(codeOf(() => validatePrefix('192.0.2.0/33'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_PREFIX');
    expect(codeOf(() => validatePrefix('example.net'))).toBe('SAKIMORI_ERR_REGISTRY_INVALID_PREFIX');
    expect(() => validatePrefix('::ffff:192.0.2.0/120')).toThrow(/IPv4-mapped/);
    expect(() => validatePrefix('::/0')).toThrow(/IPv4-mapped/);
    expect(validatePrefix('::/96').text).toBe('::/96');
  });

  it('gives each prefix its first and last address as fixed-width hex', () => {
    expect(prefixRange(parsePrefix('192.0.2.0/24'))).toEqual({ start: '00000000000000000000ffffc0000200', end: '00000000000000000000ffffc00002ff' });
    expect(prefixRange(parsePrefix('2001:db8::/32'))).toEqual({ start: '20010db8000000000000000000000000', end: '20010db8ffffffffffffffffffffffff' });
    expect(prefixRange(parsePrefix('2001:db8::1/128'))).toEqual({ start: '20010db8000000000000000000000001', end: '20010db8000000000000000000000001' });
    expect(prefixRange(parsePrefix('0.0.0.0/0'))).toEqual({ start: '00000000000000000000ffff00000000', end: '00000000000000000000ffffffffffff' });
  });
});
