import { describe, expect, it } from 'vitest';
import { SignInLimiter } from './sign-in-limiter.js';

const limits = { accountFailures: 3, accountWindowMs: 60_000, addressAttempts: 5, addressWindowMs: 10_000, maxKeys: 4 };

describe('sign-in limiter', () => {
  it('locks an account after its failures for the rest of the window, and a success clears them', () => {
    const l = new SignInLimiter(limits);
    for (let i = 0; i < 3; i++) {
      expect(l.attempt('alice', `10.0.0.${i}`, 1000)).toBe(0);
      l.outcome('alice', false, 1000);
    }
    // From any address: the lock is on the account.
    expect(l.attempt('alice', '10.9.9.9', 2000)).toBe(59_000);
    expect(l.attempt('bob', '10.9.9.8', 2000)).toBe(0);
    expect(l.attempt('alice', '10.9.9.7', 61_000)).toBe(0);
    l.outcome('alice', false, 61_000);
    l.outcome('alice', true, 61_000);
    l.outcome('alice', false, 61_000);
    l.outcome('alice', false, 61_000);
    expect(l.attempt('alice', '10.9.9.6', 61_000)).toBe(0);
  });

  it('limits attempts per source address whatever the accounts', () => {
    const l = new SignInLimiter(limits);
    for (let i = 0; i < 5; i++) expect(l.attempt(`user${i}`, '192.0.2.1', 0)).toBe(0);
    expect(l.attempt('user9', '192.0.2.1', 1)).toBe(9_999);
    expect(l.attempt('user9', '192.0.2.2', 1)).toBe(0);
    expect(l.attempt('user9', '192.0.2.1', 10_000)).toBe(0);
  });

  it('keeps at most maxKeys accounts (oldest forgotten first)', () => {
    const l = new SignInLimiter({ ...limits, accountFailures: 1 });
    for (const u of ['a', 'b', 'c', 'd', 'e']) l.outcome(u, false, 0);
    expect(l.attempt('e', 'x1', 1)).toBeGreaterThan(0);
    expect(l.attempt('a', 'x2', 1)).toBe(0);
  });
});
