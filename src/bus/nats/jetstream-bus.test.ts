import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { systemClock } from '../../core/clock.js';
import { silentLogger } from '../../core/logger.js';
import { TEST_NATS_URL, tcpAvailable } from '../../testing/external.js';
import { describeBusContract } from '../testing/contract.js';
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
