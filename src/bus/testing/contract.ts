/**
 * The contract every {@link Bus} implementation passes: typed delivery in order, headers,
 * de-duplication, validation on receipt with dead letters, per-subscriber queues with counted
 * drops, durable and queue consumers with redelivery, replay start positions, flush and stop.
 * Each implementation runs it from its own test file:
 *
 * @example
 * ```ts
 * describeBusContract('memory', async (catalogue) => {
 *   const bus = createMemoryBus({ catalogue }, { clock: systemClock, logger: silentLogger() });
 *   return { bus, close: () => bus.stop() };
 * });
 * ```
 */
import Type from 'typebox';
import { afterEach, expect, it } from 'vitest';
import { describeExternal } from '../../testing/external.js';
import type { Bus, BusMessage, Catalogue } from '../bus.js';
import type { BusOptions } from '../bus-options.js';

const N = Type.Object({ n: Type.Integer() });

/** The subjects the contract publishes. */
export const CONTRACT_SUBJECTS = {
  'attack.started': { schema: N, description: 'test' },
  'attack.updated': { schema: N, description: 'test' },
  'sighting.new': { schema: N, description: 'test' },
  'note.text': { schema: Type.Object({ text: Type.String() }), description: 'test' },
} as const satisfies Catalogue;

/** The contract's catalogue. */
export type ContractSubjects = typeof CONTRACT_SUBJECTS;

/** A bus under test and how to dispose of it (and of whatever it stored). */
export interface BusUnderTest {
  readonly bus: Bus<ContractSubjects>;
  close(): Promise<void>;
}

/** Builds a started bus over `catalogue` with the given options; each call a fresh, empty stream. */
export type BusFactory = (catalogue: ContractSubjects, options: Partial<BusOptions>) => Promise<BusUnderTest>;

/** Waits until `ready()` holds (polling), failing after `ms`. */
export async function until(ready: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise and its resolver, to hold a handler until the test lets it go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

/**
 * Runs the bus contract against the buses `factory` builds. `missing` names the services the
 * implementation needs that are absent: the suite is then skipped with that message, or fails
 * under `SAKIMORI_REQUIRE_EXTERNAL=1`.
 */
export function describeBusContract(name: string, factory: BusFactory, missing: readonly string[] = []): void {
  describeExternal(`bus contract: ${name}`, missing, () => {
    const open: BusUnderTest[] = [];
    const make = async (o: Partial<BusOptions> = {}): Promise<Bus<ContractSubjects>> => {
      const b = await factory(CONTRACT_SUBJECTS, o);
      open.push(b);
      return b.bus;
    };
    afterEach(async () => {
      for (const b of open.splice(0)) await b.close();
    });

    it('delivers in publish order and survives a failing handler', async () => {
      const bus = await make();
      const got: string[] = [];
      bus.subscribe('attack.*', () => {
        throw new Error('boom');
      });
      bus.subscribe('attack.*', (m) => void got.push(`${m.subject}:${m.data.n}`));
      await bus.publish('attack.started', { n: 1 });
      await bus.publish('attack.updated', { n: 2 });
      await bus.publish('sighting.new', { n: 3 });
      await bus.flush();
      expect(got).toEqual(['attack.started:1', 'attack.updated:2']);
      expect(bus.stats().handlerErrors).toBe(2);
    });

    it('delivers headers: message id, marking and origin site', async () => {
      const bus = await make({ site: 'tokyo-1', marking: 'TLP:GREEN' });
      const got: BusMessage[] = [];
      bus.subscribe('>', (m) => void got.push(m));
      await bus.publish('note.text', { text: 'a' }, { id: 'msg-1', marking: 'TLP:RED' });
      await bus.publish('note.text', { text: 'b' });
      await bus.flush();
      expect(got.map((m) => [m.data, m.headers.id === 'msg-1', m.headers.marking, m.headers.origin, m.deliveries])).toEqual([
        [{ text: 'a' }, true, 'TLP:RED', 'tokyo-1', 1],
        [{ text: 'b' }, false, 'TLP:GREEN', 'tokyo-1', 1],
      ]);
      expect(got[1]!.headers.id).toMatch(/\S/);
      expect(got[1]!.sequence).toBeGreaterThan(got[0]!.sequence);
    });

    it('drops a second publish of a message id within the window', async () => {
      const bus = await make();
      const got: number[] = [];
      bus.subscribe('attack.started', (m) => void got.push(m.data.n));
      await bus.publish('attack.started', { n: 1 }, { id: 'same' });
      await bus.publish('attack.started', { n: 2 }, { id: 'same' });
      await bus.publish('attack.started', { n: 3 }, { id: 'other' });
      await bus.flush();
      expect(got).toEqual([1, 3]);
      expect(bus.stats().duplicates).toBe(1);
    });

    it('counts and dead-letters a message that fails its schema, never handing it to a handler', async () => {
      const bus = await make();
      const got: unknown[] = [];
      bus.subscribe('>', (m) => void got.push(m.data));
      // What another machine might send: the types cannot stop it, the schema must.
      await bus.publish('attack.started', { n: 'one' } as never);
      await bus.publish('note.text', { text: 7 } as never);
      await bus.publish('attack.started', { n: 2 });
      await until(() => got.length === 1 && bus.deadLetters().length === 2);
      await bus.flush();
      expect(got).toEqual([{ n: 2 }]);
      expect(bus.stats().invalid).toBe(2);
      expect(bus.deadLetters().map((d) => [d.reason, d.subject, d.data])).toEqual([
        ['invalid', 'attack.started', { n: 'one' }],
        ['invalid', 'note.text', { text: 7 }],
      ]);
      expect(bus.deadLetters()[0]!.detail).toMatch(/\/n/);
    });

    it('never lets a slow subscriber delay another', async () => {
      const bus = await make();
      const held = gate();
      const slow: number[] = [];
      const fast: number[] = [];
      bus.subscribe('attack.started', async (m) => {
        await held.wait;
        slow.push(m.data.n);
      });
      bus.subscribe('attack.started', (m) => void fast.push(m.data.n));
      for (let n = 1; n <= 3; n++) await bus.publish('attack.started', { n });
      await until(() => fast.length === 3);
      expect(slow).toEqual([]);
      held.open();
      await bus.flush();
      expect(slow).toEqual([1, 2, 3]);
    });

    it('drops and counts what does not fit a subscription queue', async () => {
      const bus = await make();
      const held = gate();
      const got: number[] = [];
      let started = false;
      bus.subscribe(
        'attack.started',
        async (m) => {
          started = true;
          await held.wait;
          got.push(m.data.n);
        },
        { maxDepth: 2 },
      );
      await bus.publish('attack.started', { n: 1 });
      await until(() => started);
      for (let n = 2; n <= 5; n++) await bus.publish('attack.started', { n });
      await until(() => bus.stats().dropped === 2);
      held.open();
      await bus.flush();
      expect(got).toEqual([1, 2, 3]);
    });

    it('resumes a durable consumer where it stopped', async () => {
      const bus = await make();
      const got: number[] = [];
      const first = bus.subscribe('attack.started', (m) => void got.push(m.data.n), { durable: 'recorder' });
      await bus.publish('attack.started', { n: 1 });
      await bus.publish('attack.started', { n: 2 });
      await bus.flush();
      first.unsubscribe();
      await bus.publish('attack.started', { n: 3 });
      await bus.publish('attack.started', { n: 4 });
      bus.subscribe('attack.started', (m) => void got.push(m.data.n), { durable: 'recorder' });
      await until(() => got.length === 4);
      await bus.flush();
      expect(got).toEqual([1, 2, 3, 4]);
    });

    it('hands each message of a queue group to one member', async () => {
      const bus = await make();
      const a: number[] = [];
      const b: number[] = [];
      bus.subscribe('attack.started', (m) => void a.push(m.data.n), { queue: 'workers' });
      bus.subscribe('attack.started', (m) => void b.push(m.data.n), { queue: 'workers' });
      for (let n = 1; n <= 20; n++) await bus.publish('attack.started', { n });
      await until(() => a.length + b.length === 20);
      await bus.flush();
      expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('redelivers what a durable handler failed, then dead-letters it after max deliveries', async () => {
      const bus = await make();
      const seen: string[] = [];
      bus.subscribe(
        'attack.started',
        (m) => {
          seen.push(`${m.data.n}#${m.deliveries}`);
          if (m.data.n === 2 && m.deliveries === 1) throw new Error('not yet');
          if (m.data.n === 3) throw new Error('never');
        },
        { durable: 'picky', maxDeliveries: 3 },
      );
      for (let n = 1; n <= 3; n++) await bus.publish('attack.started', { n });
      await until(() => bus.deadLetters().length === 1);
      await bus.flush();
      expect(seen.filter((s) => s.startsWith('1#'))).toEqual(['1#1']);
      expect(seen.filter((s) => s.startsWith('2#'))).toEqual(['2#1', '2#2']);
      expect(seen.filter((s) => s.startsWith('3#'))).toEqual(['3#1', '3#2', '3#3']);
      expect(bus.deadLetters().map((d) => [d.reason, d.subject, d.data, d.detail])).toEqual([['max-deliveries', 'attack.started', { n: 3 }, 'never']]);
      expect(bus.stats()).toMatchObject({ redelivered: 3, deadLettered: 1, handlerErrors: 4 });
    });

    it('replays from the start position asked for', async () => {
      const bus = await make();
      const seqs: number[] = [];
      bus.subscribe('attack.started', (m) => void seqs.push(m.sequence));
      await bus.publish('attack.started', { n: 1 });
      await bus.publish('attack.started', { n: 2 });
      await bus.flush();
      await sleep(30);
      const between = Date.now();
      await sleep(30);
      await bus.publish('attack.started', { n: 3 });
      await bus.publish('note.text', { text: 'not matched' });
      await bus.flush();
      const read = async (start: Parameters<typeof bus.subscribe>[2]): Promise<number[]> => {
        const got: number[] = [];
        const sub = bus.subscribe('attack.started', (m) => void got.push(m.data.n), start);
        await bus.flush();
        await sleep(20);
        await bus.flush();
        sub.unsubscribe();
        return got;
      };
      expect(await read({ start: { kind: 'all' } })).toEqual([1, 2, 3]);
      expect(await read({ start: { kind: 'sequence', sequence: seqs[1]! } })).toEqual([2, 3]);
      expect(await read({ start: { kind: 'time', time: between } })).toEqual([3]);
      expect(await read({ start: { kind: 'new' } })).toEqual([]);
      expect(await read({ durable: 'late', start: { kind: 'all' } })).toEqual([1, 2, 3]);
    });

    it('flushes what handlers published while handling', async () => {
      const bus = await make();
      const got: string[] = [];
      bus.subscribe('attack.started', async (m) => {
        await sleep(10);
        await bus.publish('note.text', { text: `after ${m.data.n}` });
      });
      bus.subscribe('note.text', (m) => void got.push(m.data.text));
      await bus.publish('attack.started', { n: 1 });
      await bus.flush();
      expect(got).toEqual(['after 1']);
    });

    it('refuses to publish once stopped and delivers nothing more', async () => {
      const bus = await make();
      const got: number[] = [];
      bus.subscribe('attack.started', (m) => void got.push(m.data.n));
      await bus.publish('attack.started', { n: 1 });
      await bus.flush();
      await bus.stop();
      await expect(bus.publish('attack.started', { n: 2 })).rejects.toMatchObject({ code: 'SAKIMORI_ERR_BUS_CLOSED' });
      await sleep(20);
      expect(got).toEqual([1]);
    });
  });
}
