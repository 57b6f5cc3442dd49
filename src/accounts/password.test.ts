import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../core/errors.js';
import { checkPasswordPolicy, hashPassword, needsRehash, verifyPassword } from './password.js';

const FAST = { ln: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('stores scrypt with its parameters and a fresh salt per hash, and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('correct horse battery', a, FAST)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a, FAST)).toBe(false);
    expect(await verifyPassword('', a, FAST)).toBe(false);
  });

  it('uses N = 2^15, r = 8 by default and asks for a re-hash of weaker hashes', async () => {
    const strong = await hashPassword('correct horse battery');
    expect(strong.startsWith('$scrypt$ln=15,r=8,p=1$')).toBe(true);
    expect(needsRehash(strong)).toBe(false);
    expect(needsRehash(await hashPassword('correct horse battery', FAST))).toBe(true);
  });

  it('answers false for an unknown user (no stored hash) and for tampered or absurd parameters', async () => {
    expect(await verifyPassword('anything at all', undefined, FAST)).toBe(false);
    const h = await hashPassword('correct horse battery', FAST);
    expect(await verifyPassword('correct horse battery', h.replace('ln=10', 'ln=30'), FAST)).toBe(false);
    expect(await verifyPassword('correct horse battery', 'plaintext', FAST)).toBe(false);
  });

  const verdict = (p: string, context: string[] = []) => {
    try {
      checkPasswordPolicy(p, context);
      return 'ok';
    } catch (e) {
      return isSakimoriError(e) ? e.message : 'other';
    }
  };

  it('refuses short, overlong and trivial passwords', () => {
    expect(verdict('short-pass')).toMatch(/at least 12/);
    expect(verdict('x'.repeat(257))).toMatch(/at most 256/);
    expect(verdict('aaaaaaaaaaaaaaaa')).toMatch(/too easy to guess/);
    expect(verdict('a fine passphrase')).toBe('ok');
  });

  it('refuses common passwords and guessable patterns that are long enough (password1234, 123456789012)', () => {
    for (const p of ['password1234', '123456789012', 'qwertyuiop12', 'Password1234!', 'letmein12345', '1qaz2wsx3edc', 'iloveyou2024!', 'passwordpassword']) {
      expect({ p, verdict: verdict(p) }).toEqual({ p, verdict: expect.stringMatching(/^invalid password: too easy to guess/) });
    }
    // The user's own name counts as guessable.
    expect(verdict('kumogakure2026!')).toBe('ok');
    expect(verdict('kumogakure2026!', ['kumogakure'])).toMatch(/too easy to guess/);
    expect(verdict('tab\tin the middle of it')).toMatch(/no control characters/);
  });

  it('accepts the demo and test fixture passwords (<username>-demo-pass, <username>-test-password) with the user name as context', () => {
    for (const u of ['admin', 'analyst', 'officer', 'defence', 'commission1', 'commission2', 'commission3', 'airline', 'bank', 'regulator', 'auditor', 'partner']) {
      expect({ u, demo: verdict(`${u}-demo-pass`, [u]), test: verdict(`${u}-test-password`, [u]) }).toEqual({ u, demo: 'ok', test: 'ok' });
    }
  });
});
