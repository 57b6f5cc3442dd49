/**
 * PAP meets countermeasures, tried the ways an outsider would: intelligence marked PAP:AMBER or
 * PAP:RED as evidence never leads to a network action — on creation, on amendment, on the emergency
 * path, with the marking as a MISP tag or a marking-definition id, hidden among other evidence — and
 * a notice (not a network action) stays possible.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { PAP_IDS } from '../../stix/marking/pap-definitions.js';
import { TLP2_IDS } from '../../stix/marking/tlp-definitions.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import type { IntelMarkings } from '../intel-markings.js';
import { BOTS, requestInput } from '../testing/inputs.js';
import { createOperationsFixture, PEOPLE, type OperationsFixture } from '../testing/operations-fixture.js';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

const STORED: Record<string, readonly string[]> = {
  'indicator--00000000-0000-4000-8000-000000000001': [TLP2_IDS.amber, PAP_IDS.red],
  'indicator--00000000-0000-4000-8000-000000000002': [TLP2_IDS.amber, PAP_IDS.amber],
  'indicator--00000000-0000-4000-8000-000000000003': [TLP2_IDS.green, PAP_IDS.green],
  'indicator--00000000-0000-4000-8000-000000000004': ['tlp:green', 'PAP:RED'],
  'indicator--00000000-0000-4000-8000-000000000005': [TLP2_IDS.green],
  'indicator--00000000-0000-4000-8000-000000000006': ['marking-definition--00000000-0000-4000-8000-0000000000ff'],
};
const [RED, AMBER, GREEN, RED_TAG, UNMARKED, UNKNOWN_MARKING] = Object.keys(STORED) as [string, string, string, string, string, string];
const intel: IntelMarkings = { markingsOf: (id) => Promise.resolve(STORED[id]) };
const PAP_CODE = 'SAKIMORI_ERR_OPERATIONS_PAP_FORBIDS_ACTION';

describeStorage('operations: PAP on intelligence evidence', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;
  const withIntel = (ref: string, over: Record<string, unknown> = {}) => ({
    evidence: [
      { kind: 'attack', ref: 'A1' },
      { kind: 'intel', ref },
    ],
    ...over,
  });
  const blocklist = (over: Record<string, unknown> = {}) => requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }, over);

  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx, { intel });
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  it('refuses every network mechanism citing PAP:RED or PAP:AMBER intelligence, as an id or a MISP tag, or a marking it cannot read', async () => {
    for (const ref of [RED, AMBER, RED_TAG, UNKNOWN_MARKING]) {
      expect(await codeOf(f.ops.requests.create(PEOPLE.officer, blocklist(withIntel(ref)))), ref).toBe(PAP_CODE);
      expect(await codeOf(f.ops.requests.create(PEOPLE.officer, requestInput(caseId, { mechanism: 'rtbh', victim: '192.0.2.7' }, withIntel(ref)))), ref).toBe(PAP_CODE);
    }
    expect(await ctx.db.selectFrom('countermeasure_requests').selectAll().execute()).toEqual([]);
    // Each attempt is in the audit log, denied, with the code: the commission sees why.
    expect(f.audit.of('request.create').filter((e) => e.outcome === 'denied' && e.details?.['code'] === PAP_CODE)).toHaveLength(8);
  });

  it('lets PAP:GREEN and unmarked-for-PAP intelligence support a network action', async () => {
    expect((await f.ops.requests.create(PEOPLE.officer, blocklist(withIntel(GREEN)))).request.state).toBe('pending_approval');
    expect((await f.ops.requests.create(PEOPLE.officer, blocklist(withIntel(UNMARKED)))).request.state).toBe('pending_approval');
  });

  it('keeps a notice possible on PAP:RED intelligence (not a network action)', async () => {
    const notice = requestInput(caseId, { mechanism: 'abuse_notice', attackId: 'A1', sources: [BOTS[0]] }, withIntel(RED, { durationSeconds: undefined }));
    expect((await f.ops.requests.create(PEOPLE.officer, notice)).request.mechanism).toBe('abuse_notice');
  });

  it('refuses an amendment that adds PAP:RED evidence to an accepted request, and keeps the request as it was', async () => {
    const r = await f.ops.requests.create(PEOPLE.officer, blocklist(withIntel(GREEN)));
    expect(
      await codeOf(
        f.ops.requests.amend(
          PEOPLE.officer,
          r.request.id,
          blocklist({
            evidence: [
              { kind: 'attack', ref: 'A1' },
              { kind: 'intel', ref: GREEN },
              { kind: 'intel', ref: RED },
            ],
          }),
        ),
      ),
    ).toBe(PAP_CODE);
    expect((await f.ops.requests.get(PEOPLE.officer, r.request.id)).request.revision).toBe(1);
  });

  it('checks PAP again at approval: intelligence re-marked PAP:RED after the request never puts the rule in force', async () => {
    const id = 'indicator--00000000-0000-4000-8000-000000000003';
    const r = await f.ops.requests.create(PEOPLE.officer, blocklist(withIntel(id)));
    const before = STORED[id]!;
    STORED[id] = [TLP2_IDS.green, PAP_IDS.red];
    try {
      for (const m of [PEOPLE.memberA, PEOPLE.memberB]) await f.ops.approvals.vote(m, r.request.id, { decision: 'approve', digest: r.request.digest });
    } finally {
      STORED[id] = before;
    }
    const after = await f.ops.requests.get(PEOPLE.memberA, r.request.id);
    expect(after.request.state).toBe('failed');
    expect(after.request.endReason).toMatch(/PAP/);
    expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
  });

  it('refuses the emergency path too', async () => {
    const input = requestInput(caseId, { mechanism: 'blocklist', prefixes: [...BOTS] }, { durationSeconds: 1800, urgency: 'immediate', ...withIntel(AMBER) });
    expect(await codeOf(f.ops.emergency.create(PEOPLE.officer, input))).toBe(PAP_CODE);
    expect(await ctx.db.selectFrom('executions').selectAll().execute()).toEqual([]);
  });

  it('refuses intelligence evidence that is not stored, naming the evidence item', async () => {
    const e = await f.ops.requests.create(PEOPLE.officer, blocklist(withIntel('indicator--00000000-0000-4000-8000-0000000000aa'))).catch((x: unknown) => x);
    expect(isSakimoriError(e, 'SAKIMORI_ERR_OPERATIONS_INVALID_INPUT')).toBe(true);
    expect((e as Error).message).toMatch(/\/evidence\/1\/ref/);
  });
});

describeStorage('operations: PAP without an intelligence store', (ctx) => {
  let f: OperationsFixture;
  let caseId: string;

  beforeEach(async () => {
    await ctx.reset();
    f = await createOperationsFixture(ctx);
    f.attacks.add({ id: 'A1', target: '192.0.2.7', organizationId: f.orgs['Aozora Airlines'] }, [...BOTS]);
    caseId = (await f.ops.cases.open(PEOPLE.analyst, { title: 'flood', evidence: [{ kind: 'attack', ref: 'A1' }] })).case.id;
  });
  afterEach(() => f.close());

  it('fails closed: intelligence evidence whose markings cannot be read never opens a network action', async () => {
    const input = requestInput(
      caseId,
      { mechanism: 'blocklist', prefixes: [...BOTS] },
      {
        evidence: [
          { kind: 'attack', ref: 'A1' },
          { kind: 'intel', ref: GREEN },
        ],
      },
    );
    expect(await codeOf(f.ops.requests.create(PEOPLE.officer, input))).toBe(PAP_CODE);
  });
});
