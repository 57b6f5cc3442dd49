/**
 * A small world for API tests on top of {@link ApiFixture}: attacks on the airline and the bank,
 * a case with a declared scope, and factories for fresh objects a state-changing route consumes
 * (requests pending or in force, emergency actions, flags, inspections, directives, users, tokens).
 */
import type { Actor } from '../../core/roles.js';
import type { UserId } from '../../core/ids.js';
import type { ApiFixture, TestUser } from './api-fixture.js';
import { seedAttack, seedObservedSources } from './seed.js';

/** Ids of the world's fixed objects. */
export interface World {
  readonly airlineNet: string;
  readonly bankNet: string;
  /** Ended attack on the airline, with three sources in 100.64.0.0/10. */
  readonly endedAttack: string;
  /** Active attacks on the airline (observed sources: {@link ACTIVE_SOURCES}) and the bank. */
  readonly activeAttack: string;
  readonly bankAttack: string;
  /** Open case (by the analyst) citing the ended attack, declared scope 100.64.0.0/16 from an hour before it. */
  readonly caseId: string;
  /** Open case flagged serious (its requests need the national security council's review). */
  readonly seriousCaseId: string;
  /** An organisation for network writes. */
  readonly testOrg: string;
  readonly startedAt: number;
  actor(u: TestUser): Actor;
  /** A pending dns_rpz request by the officer, in `caseId` (or the serious case). */
  pendingRequest(serious?: boolean): Promise<{ id: string; digest: string }>;
  /** A dns_rpz request by the officer approved by two commission members (in force). */
  activeRequest(): Promise<string>;
  /** An emergency block list of one observed source of the active attack, by the officer. */
  emergencyAction(): Promise<string>;
  /** A fresh case by the analyst. */
  newCase(): Promise<string>;
  /** A unique token for names. */
  unique(): string;
}

let counter = 0;
let emergencies = 0;

/** Sources detection observed in the active attack on the airline. */
export const ACTIVE_SOURCES: readonly string[] = Array.from({ length: 64 }, (_, i) => `100.64.7.${i + 1}`);

/** Builds the world over a started fixture. */
export async function buildWorld(f: ApiFixture): Promise<World> {
  const p = f.platform;
  const now = f.clock.now();
  const startedAt = now - 3_600_000;
  const nets = await f.call(f.users.analyst, 'GET', '/api/v1/networks?limit=100');
  const items = (nets.body as { items: { id: string; prefix: string }[] }).items;
  const airlineNet = items.find((n) => n.prefix === '192.0.2.0/24')!.id;
  const bankNet = items.find((n) => n.prefix === '198.51.100.0/24')!.id;
  await seedAttack(p.attacks, {
    id: 'atk-airline-ended',
    organizationId: f.orgs.airline,
    networkId: airlineNet,
    networkPrefix: '192.0.2.0/24',
    target: '192.0.2.10',
    startedAt,
    endedAt: startedAt + 600_000,
    sources: ['100.64.1.10', '100.64.1.11', '100.64.2.20'],
  });
  await seedAttack(p.attacks, { id: 'atk-airline-active', organizationId: f.orgs.airline, networkId: airlineNet, networkPrefix: '192.0.2.0/24', target: '192.0.2.11', startedAt: now - 60_000 });
  await seedObservedSources(p.storage.db, 'atk-airline-active', ACTIVE_SOURCES, now - 60_000);
  await seedAttack(p.attacks, { id: 'atk-bank-active', organizationId: f.orgs.bank, networkId: bankNet, networkPrefix: '198.51.100.0/24', target: '198.51.100.20', startedAt: now - 120_000 });
  const actor = (u: TestUser): Actor => ({ userId: u.id as UserId, roles: u.roles });
  const analyst = actor(f.users.analyst!);
  const officer = actor(f.users.officer!);
  const c = await p.operations.cases.open(analyst, { title: 'Botnet DDoS on Aozora Airlines', evidence: [{ kind: 'attack', ref: 'atk-airline-ended' }] });
  await p.oversight.scopes.add(analyst, c.case.id, { prefix: '100.64.0.0/16', from: startedAt - 3_600_000, to: null });
  const serious = await p.operations.cases.open(analyst, { title: 'Serious case', serious: true });
  const testOrg = (await f.call(f.users.admin, 'POST', '/api/v1/organizations', { name: 'Test Gas Utility', sector: 'gas' })).body as { id: string };
  const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;
  const requestInput = (caseId: string, extra: Record<string, unknown> = {}) => ({
    caseId,
    action: { mechanism: 'dns_rpz', domains: [`c2-${unique()}.example`] },
    durationSeconds: 3600,
    justification: 'C2 domain of the botnet behind the attack',
    harm: { life: 'none', body: 'none', property: 'low' },
    urgency: 'urgent',
    evidence: [{ kind: 'attack', ref: 'atk-airline-ended' }],
    ...extra,
  });
  return {
    airlineNet,
    bankNet,
    endedAttack: 'atk-airline-ended',
    activeAttack: 'atk-airline-active',
    bankAttack: 'atk-bank-active',
    caseId: c.case.id,
    seriousCaseId: serious.case.id,
    testOrg: testOrg.id,
    startedAt,
    actor,
    unique,
    async pendingRequest(isSerious = false) {
      const v = await p.operations.requests.create(officer, requestInput(isSerious ? serious.case.id : c.case.id));
      return { id: v.request.id, digest: v.request.digest };
    },
    async activeRequest() {
      const v = await p.operations.requests.create(officer, requestInput(c.case.id));
      for (const m of ['commission2', 'commission3']) await p.operations.approvals.vote(actor(f.users[m]!), v.request.id, { decision: 'approve', digest: v.request.digest });
      return v.request.id;
    },
    async emergencyAction() {
      // Emergency targets are derived from the active attack: here one of its observed sources.
      const source = ACTIVE_SOURCES[emergencies++ % ACTIVE_SOURCES.length]!;
      const v = await p.operations.emergency.create(
        officer,
        requestInput(c.case.id, { action: { mechanism: 'blocklist', prefixes: [source] }, durationSeconds: 1800, evidence: [{ kind: 'attack', ref: 'atk-airline-active' }] }),
      );
      return v.request.id;
    },
    async newCase() {
      return (await p.operations.cases.open(analyst, { title: `case ${unique()}` })).case.id;
    },
  };
}
