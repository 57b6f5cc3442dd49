import { beforeEach, expect, it } from 'vitest';
import { describeStorage } from '../storage/testing/storage-suite.js';
import { AuthCounters } from './auth-counters.js';
import { SignInLimiter } from './sign-in-limiter.js';

const limits = { accountFailures: 3, accountWindowMs: 60_000, addressAttempts: 5, addressWindowMs: 10_000, alarmFailures: 6, slowDownMs: 500 };

describeStorage('sign-in limiter', (ctx) => {
  let limiter: SignInLimiter;
  beforeEach(async () => {
    await ctx.reset();
    limiter = new SignInLimiter(new AuthCounters(ctx.db), limits);
  });

  const fail = async (account: string, address: string, now: number) => {
    const d = await limiter.attempt(account, address, now);
    if (d.kind === 'allowed') await limiter.outcome(account, address, false, now);
    return d;
  };

  it('locks an account for the address that failed, not for others, until the window passes; a success forgives that address', async () => {
    for (let i = 0; i < 3; i++) expect(await fail('alice', '10.0.0.1', 1000)).toEqual({ kind: 'allowed', slowDownMs: 0 });
    expect(await limiter.attempt('alice', '10.0.0.1', 2000)).toEqual({ kind: 'refused', waitMs: 59_000 });
    // Another address is not locked out of the account: an outsider cannot lock the account.
    expect((await limiter.attempt('alice', '10.0.0.2', 2000)).kind).toBe('allowed');
    expect((await limiter.attempt('alice', '10.0.0.1', 61_000)).kind).toBe('allowed');
    await limiter.outcome('alice', '10.0.0.1', true, 61_000);
    for (let i = 0; i < 3; i++) await fail('alice', '10.0.0.1', 61_000);
    expect((await limiter.attempt('alice', '10.0.0.1', 61_000)).kind).toBe('refused');
  });

  it('counts parallel attempts before their outcome: no more than accountFailures guesses get through at once', async () => {
    const decisions = await Promise.all(Array.from({ length: 10 }, () => limiter.attempt('bob', '10.0.0.9', 5000)));
    expect(decisions.filter((d) => d.kind === 'allowed')).toHaveLength(3);
  });

  it('limits attempts per source address whatever the accounts', async () => {
    for (let i = 0; i < 5; i++) expect((await limiter.attempt(`user${i}`, '192.0.2.1', 0)).kind).toBe('allowed');
    expect(await limiter.attempt('user9', '192.0.2.1', 1)).toEqual({ kind: 'refused', waitMs: 9_999 });
    expect((await limiter.attempt('user9', '192.0.2.2', 1)).kind).toBe('allowed');
    expect((await limiter.attempt('user9', '192.0.2.1', 10_000)).kind).toBe('allowed');
  });

  it('reports once and slows down an account failing from many addresses, and never locks it', async () => {
    const alarms: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      expect((await limiter.attempt('carol', `10.1.0.${i}`, 100)).kind).toBe('allowed');
      alarms.push(await limiter.outcome('carol', `10.1.0.${i}`, false, 100));
    }
    expect(alarms).toEqual([false, false, false, false, false, true, false, false]);
    expect(await limiter.attempt('carol', '10.2.0.1', 200)).toEqual({ kind: 'allowed', slowDownMs: 500 });
    expect(await limiter.attempt('carol', '10.2.0.2', 60_100)).toEqual({ kind: 'allowed', slowDownMs: 0 });
  });

  it('throttles password changes per user and forgives them after the right password', async () => {
    for (let i = 0; i < 3; i++) expect(await limiter.passwordAttempt('u1', 0)).toBe(0);
    expect(await limiter.passwordAttempt('u1', 1000)).toBe(59_000);
    expect(await limiter.passwordAttempt('u2', 1000)).toBe(0);
    await limiter.passwordSucceeded('u1');
    expect(await limiter.passwordAttempt('u1', 1000)).toBe(0);
  });

  it('keeps its counters in the database: a new limiter (a restart) refuses what the old one refused; purge drops stale ones', async () => {
    for (let i = 0; i < 3; i++) await fail('dave', '10.0.0.3', 0);
    const restarted = new SignInLimiter(new AuthCounters(ctx.db), limits);
    expect((await restarted.attempt('dave', '10.0.0.3', 10)).kind).toBe('refused');
    expect(await restarted.purge(120_001)).toBeGreaterThan(0);
    expect((await restarted.attempt('dave', '10.0.0.3', 120_002)).kind).toBe('allowed');
  });
});
