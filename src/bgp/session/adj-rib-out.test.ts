import { describe, expect, it } from 'vitest';
import { prepareRoute, rtbhRoute } from '../route.js';
import { AdjRibOut, type RouteStatus } from './adj-rib-out.js';
import { Backoff } from './backoff.js';

const A = prepareRoute(rtbhRoute('192.0.2.10'));
const B = prepareRoute(rtbhRoute('2001:db8::10'));
const ALL = new Set(['ipv4-unicast', 'ipv6-unicast'] as const);

function sendAll(rib: AdjRibOut, now = 1): void {
  rib.markWritten(rib.takeDirty(), now);
}

describe('AdjRibOut', () => {
  it('moves a route from pending to active once written, and to withdrawn once the withdraw is written', () => {
    const rib = new AdjRibOut();
    const seen: string[] = [];
    rib.onChange((s: RouteStatus) => seen.push(`${s.intent}:${s.state}`));
    rib.announce(A, 0);
    expect(rib.get(A.key)?.state).toBe('pending');
    sendAll(rib);
    expect(rib.get(A.key)?.state).toBe('active');
    rib.withdraw(A.key, 2);
    expect(rib.get(A.key)).toMatchObject({ intent: 'withdraw', state: 'pending' });
    sendAll(rib, 3);
    expect(rib.get(A.key)).toMatchObject({ state: 'withdrawn', changedAtMs: 3 });
    expect(seen).toEqual(['announce:pending', 'announce:active', 'withdraw:pending', 'withdraw:withdrawn']);
    expect(rib.counts).toEqual({ pending: 0, active: 0, withdrawn: 1, failed: 0 });
  });

  it('withdraws at once a route that was never sent', () => {
    const rib = new AdjRibOut();
    rib.announce(A, 0);
    rib.withdraw(A.key, 1);
    expect(rib.get(A.key)?.state).toBe('withdrawn');
    expect(rib.takeDirty()).toEqual([]);
  });

  it('ignores a write completion for a route that changed meanwhile', () => {
    const rib = new AdjRibOut();
    rib.announce(A, 0);
    const batch = rib.takeDirty();
    rib.withdraw(A.key, 1); // never sent yet: withdrawn immediately
    rib.markWritten(batch, 2);
    expect(rib.get(A.key)?.state).toBe('withdrawn');
  });

  it('re-queues every announced route when a session comes up, failing families not negotiated', () => {
    const rib = new AdjRibOut();
    rib.announce(A, 0);
    rib.announce(B, 0);
    sendAll(rib);
    rib.sessionDown(5);
    expect(rib.counts).toMatchObject({ pending: 2, active: 0 });
    rib.sessionUp(new Set(['ipv4-unicast']), 6);
    expect(rib.takeDirty().map((b) => b.entry.prepared.key)).toEqual([A.key]);
    expect(rib.get(B.key)).toMatchObject({ state: 'failed', error: 'family ipv6-unicast not negotiated with the peer' });
    rib.sessionUp(ALL, 7);
    expect(rib.takeDirty()).toHaveLength(2);
  });

  it('completes pending withdrawals when the session drops: the peer forgets our routes', () => {
    const rib = new AdjRibOut();
    rib.announce(A, 0);
    sendAll(rib);
    rib.withdraw(A.key, 1);
    rib.sessionDown(2);
    expect(rib.get(A.key)?.state).toBe('withdrawn');
    rib.sessionUp(ALL, 3);
    expect(rib.takeDirty()).toEqual([]);
  });

  it('sends nothing when an active route is announced again unchanged, and resends it when changed', () => {
    const rib = new AdjRibOut();
    rib.announce(A, 0);
    sendAll(rib);
    rib.announce(prepareRoute(rtbhRoute('192.0.2.10')), 1);
    expect(rib.dirtySize).toBe(0);
    rib.announce(prepareRoute(rtbhRoute('192.0.2.10', { communities: ['64500:1'] })), 2);
    expect(rib.dirtySize).toBe(1);
    expect(rib.get(A.key)?.state).toBe('pending');
  });

  it('forgets the oldest withdrawn routes beyond its bound', () => {
    const rib = new AdjRibOut({ maxWithdrawnKept: 2 });
    const keys = [1, 2, 3].map((i) => prepareRoute(rtbhRoute(`192.0.2.${i}`)));
    for (const p of keys) rib.announce(p, 0);
    for (const p of keys) rib.withdraw(p.key, 1);
    expect(rib.get(keys[0]!.key)).toBeUndefined();
    expect(rib.list().map((s) => s.key)).toEqual([keys[1]!.key, keys[2]!.key]);
    expect(rib.counts.withdrawn).toBe(2);
  });
});

describe('Backoff', () => {
  it('doubles from the minimum up to the maximum, minus up to half as jitter', () => {
    const full = new Backoff({ minMs: 1000, maxMs: 8000 }, () => 0);
    expect([1, 2, 3, 4, 5].map(() => full.next())).toEqual([1000, 2000, 4000, 8000, 8000]);
    const half = new Backoff({ minMs: 1000, maxMs: 8000 }, () => 1);
    expect([1, 2, 3].map(() => half.next())).toEqual([500, 1000, 2000]);
    half.reset();
    expect(half.next()).toBe(500);
  });
});
