import { beforeEach, expect, it } from 'vitest';
import { asId, type UserId } from '../../core/ids.js';
import { isSakimoriError } from '../../core/errors.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { CaseStore } from './case-store.js';

const analyst = asId<UserId>('analyst-kato');

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not coded: ${String(e)}`;
  }
}

describeStorage('case store', (ctx) => {
  let cases: CaseStore;
  beforeEach(async () => {
    await ctx.reset();
    cases = new CaseStore(ctx.db, ctx.clock);
  });

  it('creates, lists newest first and updates cases', async () => {
    const t0 = ctx.clock.now();
    const a = await cases.create({ title: 'DDoS on Aozora Airlines', description: null, serious: false, assignee: null, createdBy: analyst });
    ctx.clock.advance(1000);
    const b = await cases.create({ title: 'MirrorFace C2 beacons', description: 'LODEINFO', serious: true, assignee: analyst, createdBy: analyst });
    expect(a).toEqual({
      id: a.id,
      title: 'DDoS on Aozora Airlines',
      description: null,
      state: 'open',
      serious: false,
      assignee: null,
      createdBy: analyst,
      createdAt: t0,
      updatedAt: t0,
      closedAt: null,
    });
    expect((await cases.list()).map((c) => c.id)).toEqual([b.id, a.id]);
    expect((await cases.list({ before: b.id })).map((c) => c.id)).toEqual([a.id]);
    ctx.clock.advance(1000);
    const closed = await cases.update(a.id, { state: 'closed', closedAt: ctx.clock.now() });
    expect(closed).toMatchObject({ state: 'closed', closedAt: t0 + 2000, updatedAt: t0 + 2000 });
    expect((await cases.list({ state: 'open' })).map((c) => c.id)).toEqual([b.id]);
    expect(await codeOf(cases.update('nope', { state: 'open' }))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_NOT_FOUND');
  });

  it('links evidence once per kind and reference, and finds cases citing it', async () => {
    const c = await cases.create({ title: 'x', description: null, serious: false, assignee: null, createdBy: analyst });
    await cases.addEvidence({ caseId: c.id, kind: 'attack', ref: 'A1', note: null, addedBy: analyst });
    await cases.addEvidence({ caseId: c.id, kind: 'attacker_list', ref: 'A1', note: 'top sources', addedBy: analyst });
    expect(await codeOf(cases.addEvidence({ caseId: c.id, kind: 'attack', ref: 'A1', note: null, addedBy: analyst }))).toBe('SAKIMORI_ERR_OPERATIONS_DUPLICATE_EVIDENCE');
    expect(await codeOf(cases.addEvidence({ caseId: 'nope', kind: 'attack', ref: 'A1', note: null, addedBy: analyst }))).toBe('SAKIMORI_ERR_OPERATIONS_CASE_NOT_FOUND');
    expect((await cases.evidence(c.id)).map((e) => `${e.kind}:${e.ref}`)).toEqual(['attack:A1', 'attacker_list:A1']);
    expect(await cases.casesCiting('attack', 'A1')).toEqual([c.id]);
  });

  it('keeps timestamped notes in order', async () => {
    const c = await cases.create({ title: 'x', description: null, serious: false, assignee: null, createdBy: analyst });
    await cases.addNote({ caseId: c.id, author: analyst, text: 'first' });
    ctx.clock.advance(5);
    await cases.addNote({ caseId: c.id, author: analyst, text: 'second\nline' });
    expect((await cases.notes(c.id)).map((n) => [n.text, n.createdAt - ctx.clock.now()])).toEqual([
      ['first', -5],
      ['second\nline', 0],
    ]);
  });
});
