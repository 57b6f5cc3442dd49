import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { expect, it } from 'vitest';
import { describeExternal, TEST_NATS_URL, tcpAvailable } from '../../testing/external.js';
import { CONTRACT_SUBJECTS, describeBusContract, until } from '../testing/contract.js';
import { createJetStreamBus } from './jetstream-bus.js';

const url = new URL(TEST_NATS_URL);
const reachable = await tcpAvailable(url.hostname, Number(url.port || 4222));
// One prefix per run, one stream per test: runs never see each other's messages.
const run = `t${randomUUID().replaceAll('-', '').slice(0, 12)}`;
let n = 0;

describeBusContract(
  'NATS JetStream',
  async (catalogue, options) => {
    const id = `${run}_${++n}`;
    const stream = `SAKIMORI_TEST_${id}`;
    const bus = createJetStreamBus({ catalogue, url: TEST_NATS_URL, stream, prefix: id, ackWaitMs: 1000, ...options }, { clock: systemClock, logger: silentLogger() });
    await bus.start();
    return {
      bus,
      async close() {
        await bus.stop();
        const nc = await connect({ servers: TEST_NATS_URL });
        await (await jetstreamManager(nc)).streams.delete(stream);
        await nc.close();
      },
    };
  },
  reachable ? [] : [`NATS at ${TEST_NATS_URL} (SAKIMORI_TEST_NATS_URL)`],
);

describeExternal('JetStream bus: what the server keeps', reachable ? [] : [`NATS at ${TEST_NATS_URL} (SAKIMORI_TEST_NATS_URL)`], () => {
  it('keeps published messages in the stream after the bus stops: a new bus replays them, and a durable consumer resumes after its last ack', async () => {
    const id = `${run}_keep`;
    const stream = `SAKIMORI_TEST_${id}`;
    const open = () => createJetStreamBus({ catalogue: CONTRACT_SUBJECTS, url: TEST_NATS_URL, stream, prefix: id, ackWaitMs: 1000 }, { clock: systemClock, logger: silentLogger() });
    try {
      const first = open();
      await first.start();
      const seenFirst: number[] = [];
      first.subscribe('attack.started', (m) => void seenFirst.push(m.data.n), { durable: 'keeper', start: { kind: 'all' } });
      await first.publish('attack.started', { n: 1 });
      await first.flush();
      await until(() => seenFirst.length === 1);
      await first.stop();

      const second = open();
      await second.start();
      await second.publish('attack.started', { n: 2 });
      const replayed: number[] = [];
      const resumed: number[] = [];
      second.subscribe('attack.started', (m) => void replayed.push(m.data.n), { start: { kind: 'all' } });
      second.subscribe('attack.started', (m) => void resumed.push(m.data.n), { durable: 'keeper', start: { kind: 'all' } });
      await until(() => replayed.length === 2 && resumed.length === 1);
      await second.flush();
      await second.stop();
      expect([seenFirst, replayed, resumed]).toEqual([[1], [1, 2], [2]]);
    } finally {
      const nc = await connect({ servers: TEST_NATS_URL });
      await (await jetstreamManager(nc)).streams.delete(stream).catch(() => false);
      await nc.close();
    }
  });
});
