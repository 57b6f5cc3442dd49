/**
 * A complete operations component over a `describeStorage` database for tests: the demo
 * organisations of the address plan registered, in-memory attacks and audit sink, the in-process
 * bus with every event kept, the built-in file, notice and record executors writing under a
 * temporary data directory, and optionally a BGP speaker. `restart()` stops the component and
 * builds a fresh one over the same database and files, as a process restart would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Value from 'typebox/value';
import type { BusMessage } from '../../bus/bus.js';
import type { Clock } from '../../core/clock.js';
import { createMemoryBus } from '../../bus/memory/memory-bus.js';
import { PLATFORM_SUBJECTS } from '../../platform/platform.js';
import { asId, type UserId } from '../../core/ids.js';
import type { Actor, Role } from '../../core/roles.js';
import { nodeSha256 } from '../../oversight/audit/node-crypto.js';
import { OperatorRegistry } from '../../registry/registry.js';
import type { StorageTestContext } from '../../storage/testing/storage-suite.js';
import { OperationsConfigSchema, type OperationsConfig } from '../config.js';
import type { AnyExecutor } from '../execution/executor.js';
import type { RouteSpeaker } from '../executors/bgp/bgp-rules.js';
import { createDefaultExecutors } from '../executors/index.js';
import { createOperations, registryView, type Operations } from '../operations.js';
import { MemoryAttackLookup } from './memory-attacks.js';
import { MemoryAuditSink } from './memory-audit.js';
import type { IntelMarkings } from '../intel-markings.js';

/** An actor with the given id and roles. */
export function actor(id: string, ...roles: Role[]): Actor {
  return { userId: asId<UserId>(id), roles };
}

/** The people of the tests. */
export const PEOPLE = {
  officer: actor('officer-sato', 'designated_officer'),
  officer2: actor('officer-ito', 'designated_officer'),
  defence: actor('defence-mori', 'defence_operator'),
  analyst: actor('analyst-kato', 'nco_analyst'),
  memberA: actor('member-abe', 'commission_member'),
  memberB: actor('member-baba', 'commission_member'),
  memberC: actor('member-chiba', 'commission_member'),
  /** A requester who also sits on the commission: must still never approve their own request. */
  officerMember: actor('officer-member-endo', 'designated_officer', 'commission_member'),
  auditor: actor('auditor-fujii', 'auditor'),
} as const;

/** The demo organisations of the address plan. */
export const DEMO_ORGANIZATIONS = [
  { name: 'Aozora Airlines', sector: 'aviation', networks: ['192.0.2.0/24', '2001:db8:100::/48'], contactEmail: 'soc@aozora.example' },
  { name: 'Minato Bank', sector: 'finance', networks: ['198.51.100.0/24', '2001:db8:200::/48'], contactEmail: 'csirt@minato.example' },
  { name: 'Sakura Trust Bank', sector: 'finance', networks: ['203.0.113.0/24', '2001:db8:300::/48'], contactEmail: 'security@sakura.example' },
  { name: 'Kumo Mobile', sector: 'telecommunications', networks: ['198.18.0.0/22', '2001:db8:400::/48'], contactEmail: 'abuse@kumo.example' },
  { name: 'Hikari Power', sector: 'electricity', networks: ['198.19.0.0/24', '2001:db8:500::/48'], contactEmail: null },
] as const;

/** The fixture. */
export interface OperationsFixture {
  ops: Operations;
  readonly attacks: MemoryAttackLookup;
  readonly audit: MemoryAuditSink;
  readonly events: BusMessage[];
  readonly dataDir: string;
  readonly config: OperationsConfig;
  /** Organisation ids by name. */
  readonly orgs: Readonly<Record<(typeof DEMO_ORGANIZATIONS)[number]['name'], string>>;
  /** Event subjects published so far (after flushing the bus). */
  subjects(): Promise<string[]>;
  /** Stops the component and starts a new one over the same database, files and attacks. */
  restart(): Promise<Operations>;
  close(): Promise<void>;
}

/** Options of {@link createOperationsFixture}. */
export interface FixtureOptions {
  readonly config?: Record<string, unknown>;
  /** The clock of the component (default the storage context's manual clock). */
  readonly clock?: Clock;
  /** The BGP speaker, or a function giving the current one (a restart may replace it). */
  readonly speaker?: RouteSpeaker | (() => RouteSpeaker);
  /** Markings of intelligence objects cited as evidence (the PAP check); absent: none is readable. */
  readonly intel?: IntelMarkings;
  /** Replaces the built-in executors. */
  readonly executors?: (f: { dataDir: string; config: OperationsConfig }) => AnyExecutor[];
}

/** Builds and starts the fixture; call `ctx.reset()` before. */
export async function createOperationsFixture(ctx: StorageTestContext, options: FixtureOptions = {}): Promise<OperationsFixture> {
  const registry = new OperatorRegistry(ctx.db, ctx.clock);
  const orgs: Record<string, string> = {};
  for (const o of DEMO_ORGANIZATIONS) {
    const r = await registry.registerOrganization({ name: o.name, sector: o.sector, contactEmail: o.contactEmail ?? undefined, networks: o.networks.map((prefix) => ({ prefix })) });
    orgs[o.name] = r.organization.id;
  }
  const config = Value.Default(OperationsConfigSchema, structuredClone({ execution: { retryDelayMs: 0 }, ...options.config })) as OperationsConfig;
  const dataDir = mkdtempSync(join(tmpdir(), 'sakimori-ops-'));
  const attacks = new MemoryAttackLookup();
  const audit = new MemoryAuditSink();
  audit.attach(ctx.db);
  const clock = options.clock ?? ctx.clock;
  const bus = createMemoryBus({ catalogue: PLATFORM_SUBJECTS }, { clock, logger: ctx.deps.logger });
  const events: BusMessage[] = [];
  bus.subscribe('operations.>', (m) => void events.push(m));
  const build = (): Operations => {
    const view = registryView(new OperatorRegistry(ctx.db, clock));
    const executors =
      options.executors?.({ dataDir, config }) ??
      createDefaultExecutors(config, { clock, dataDir, speaker: typeof options.speaker === 'function' ? options.speaker() : options.speaker, attacks, registry: view });
    return createOperations(config, {
      ...ctx.deps,
      clock,
      storage: ctx.storage,
      bus,
      audit,
      attacks,
      registry: view,
      executors,
      sha256: nodeSha256,
      ...(options.intel === undefined ? {} : { intel: options.intel }),
    });
  };
  const f: OperationsFixture = {
    ops: build(),
    attacks,
    audit,
    events,
    dataDir,
    config,
    orgs: orgs as OperationsFixture['orgs'],
    async subjects() {
      await bus.flush();
      return events.map((e) => e.subject);
    },
    async restart() {
      await f.ops.stop();
      f.ops = build();
      await f.ops.start();
      return f.ops;
    },
    async close() {
      await f.ops.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  await f.ops.start();
  return f;
}
