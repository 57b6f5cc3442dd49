import pino from 'pino';
import { expect, it } from 'vitest';
import { createMemoryBus } from '../bus/memory/memory-bus.js';
import { DETECTION_SUBJECTS } from './event-schemas.js';
import { ManualClock } from '../core/clock.js';
import { silentLogger } from '../core/logger.js';
import { createAttackLog } from './attack-log.js';
import { nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';

it("logs an attack's time to detect from its onset, its estimated rate and what a carpet attack hits", async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
  const bus = createMemoryBus({ catalogue: DETECTION_SUBJECTS }, { clock: new ManualClock(), logger: silentLogger() });
  const log = createAttackLog({ bus, logger });
  await log.start!();
  const h = testEngine({ thresholds: { host: { total: { pps: 1000 } } } }, [{ id: 'kumo-16', organizationId: 'org-kumo', prefix: '10.20.0.0/16' }]);
  run(h, 3, (now, k): RecordSpec[] =>
    Array.from({ length: samplesPerStep(256 * 600, 20, 100, k) }, (_, j) => ({
      src: nth('100.64.0.0', (k * 7777 + j) % 3000),
      dst: nth('10.20.9.0', (k * 7777 + j) % 256),
      protocol: P.UDP,
      bytes: 540,
      samplingRate: 20,
      endMs: now,
    })),
  );
  const started = h.sink.of('attack.started')[0]!;
  await bus.publish('attack.started', started);
  await bus.flush();
  await log.stop!();
  const entry = JSON.parse(lines[0]!) as { msg: string; detectedInMs: number; extent: string[] };
  expect(entry.detectedInMs).toBe(started.detectedAt - started.startedAt);
  expect(entry.detectedInMs).toBeLessThan(1000);
  expect(entry.extent).toEqual(['10.20.9.0/24']);
  expect(entry.msg).toContain(`estimated from the first ${started.ratesEstimate.coveredMs} ms`);
  expect(entry.msg).toContain('hits 10.20.9.0/24');
});
