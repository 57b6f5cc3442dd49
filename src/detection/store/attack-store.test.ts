import { expect, it } from 'vitest';
import { createMemoryBus } from '../../bus/memory/memory-bus.js';
import { DETECTION_SUBJECTS } from '../event-schemas.js';
import { ManualClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { createMetricsRegistry } from '../../core/metrics.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { attacksFromDetection } from '../../operations/attacks-from-detection.js';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from '../testing/flow-builder.js';
import { createAttackRecorder } from './attack-recorder.js';
import { AttackStore } from './attack-store.js';

/** Real lifecycle events from the engine: a 40 kpps SYN flood from 2000 bots for 8 s, then quiet. */
function floodEvents() {
  const h = testEngine({ cooldownSeconds: 5 });
  const flood = (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(40000, 1000, 100, k) }, (_, j) => ({
      src: nth('100.64.0.0', (k * 131 + j * 7919) % 2000),
      dst: '192.0.2.10',
      protocol: P.TCP,
      tcpFlags: F.SYN,
      bytes: 60,
      samplingRate: 1000,
      endMs: now,
    }));
  run(h, 3, () => []);
  run(h, 8, flood);
  run(h, 20, () => []);
  return h.sink.events;
}

describeStorage('attack store', (ctx) => {
  it('persists the lifecycle from the bus: started, a timeline per second, ended with attackers', async () => {
    const events = floodEvents();
    const started = events.find((e) => e.kind === 'attack.started')!;
    expect(started).toBeDefined();
    const clock = new ManualClock();
    const bus = createMemoryBus({ catalogue: DETECTION_SUBJECTS }, { clock, logger: silentLogger() });
    const store = new AttackStore(ctx.db, clock);
    const recorder = createAttackRecorder({ bus, store, logger: silentLogger(), metrics: createMetricsRegistry() });
    await recorder.start!();
    let sawActive = false;
    for (const e of events) {
      await bus.publish(e.kind, e);
      if (e.kind === 'attack.updated' && !sawActive) {
        await bus.flush();
        await recorder.idle();
        const a = await store.get(started.kind === 'attack.started' ? started.attackId : '');
        expect(a.state).toBe('active');
        expect(await store.isActive(a.id)).toBe(true);
        sawActive = true;
      }
    }
    await bus.flush();
    await recorder.stop!();
    expect(sawActive).toBe(true);

    const id = started.kind === 'attack.started' ? started.attackId : '';
    const a = await store.get(id);
    expect(a).toMatchObject({ scope: 'host', target: '192.0.2.10', state: 'ended', endReason: 'quiet', networkPrefix: '192.0.2.0/24' });
    expect(a.vectors[0]!.vector).toBe('syn_flood');
    expect(a.peak.pps).toBe(40000);
    const timeline = await store.timeline(id);
    expect(timeline.length).toBeGreaterThanOrEqual(7);
    expect(timeline.map((p) => p.second)).toEqual([...timeline.map((p) => p.second)].sort((x, y) => x - y));
    expect(Math.max(...timeline.map((p) => p.pps))).toBe(40000);
    const sources = await store.sources(id, 5000);
    // 40 kpps sampled 1:1000 for 8 s is about 320 samples from 2000 bots: each sampled bot is listed.
    expect(sources.length).toBeGreaterThan(250);
    expect(sources.every((s) => s.address.startsWith('100.64.'))).toBe(true);
    expect(await store.isActive(id)).toBe(false);

    // Operations sees the same attack through its lookup.
    const lookup = attacksFromDetection(store);
    expect(await lookup.get(id)).toMatchObject({ id, scope: 'host', target: '192.0.2.10', endedAt: a.endedAt });
    expect((await lookup.attackers(id)).length).toBe(sources.length);
    expect(await lookup.get('01NOSUCHATTACK0000000000000')).toBeUndefined();
  });

  it('pages newest first with a cursor and filters by state and organisation', async () => {
    await ctx.reset();
    const clock = new ManualClock();
    const store = new AttackStore(ctx.db, clock);
    const base = floodEvents().find((e) => e.kind === 'attack.started')!;
    if (base.kind !== 'attack.started') throw new Error('no start');
    for (let i = 0; i < 7; i++) {
      await store.started({ ...base, attackId: `A${String(i).padStart(3, '0')}` as typeof base.attackId, startedAt: 1000 + i, organizationId: i % 2 === 0 ? 'org-a' : 'org-b' });
    }
    const p1 = await store.list({ limit: 3 });
    expect(p1.items.map((a) => a.id)).toEqual(['A006', 'A005', 'A004']);
    const p2 = await store.list({ limit: 3, cursor: p1.next! });
    expect(p2.items.map((a) => a.id)).toEqual(['A003', 'A002', 'A001']);
    const p3 = await store.list({ limit: 3, cursor: p2.next! });
    expect(p3.items.map((a) => a.id)).toEqual(['A000']);
    expect(p3.next).toBeNull();
    expect((await store.list({ organizationIds: ['org-b'] })).items.map((a) => a.id)).toEqual(['A005', 'A003', 'A001']);
    expect((await store.list({ organizationIds: [] })).items).toEqual([]);
    await expect(store.list({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_ATTACK_QUERY' });
    await expect(store.list({ limit: 0 })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_ATTACK_QUERY' });
    // A restart closes what the previous run left active.
    expect(await store.closeInterrupted()).toBe(7);
    expect((await store.list({ state: 'active' })).items).toEqual([]);
  });

  it("keeps a carpet attack's hit extent beside its network, and the started estimate until a complete second replaces it", async () => {
    await ctx.reset();
    const h = testEngine({ thresholds: { host: { total: { pps: 1000 } } }, cooldownSeconds: 3 }, [{ id: 'kumo-16', organizationId: 'org-kumo', prefix: '10.20.0.0/16' }]);
    const carpet = (now: number, k: number): RecordSpec[] =>
      Array.from({ length: samplesPerStep(1024 * 500, 20, 100, k) }, (_, j) => {
        const n = k * 7777 + j;
        return { src: nth('100.64.0.0', (n * 2654435761) % 3000), dst: nth('10.20.4.0', (n * 40503) % 1024), protocol: P.UDP, bytes: 540, samplingRate: 20, endMs: now };
      });
    run(h, 8, carpet);
    run(h, 10, () => []);
    const store = new AttackStore(ctx.db, new ManualClock());
    const events = h.sink.events;
    const started = events.find((e) => e.kind === 'attack.started');
    if (started?.kind !== 'attack.started') throw new Error('no start');
    await store.started(started);
    const atStart = await store.get(started.attackId);
    expect(atStart.ratesEstimate).toEqual(started.ratesEstimate);
    expect(atStart.networkPrefix).toBe('10.20.0.0/16');
    for (const e of events) {
      if (e.kind === 'attack.updated') await store.updated(e);
      if (e.kind === 'attack.ended') await store.ended(e);
    }
    const a = await store.get(started.attackId);
    expect(a.ratesEstimate).toBeNull();
    expect(a.extent?.cover).toMatchObject({ prefix: '10.20.4.0/22', hostsHit: 1024, hostShare: 1 });
    expect(a.extent?.prefixes.map((p) => p.prefix)).toEqual(['10.20.4.0/22']);
  });
});
