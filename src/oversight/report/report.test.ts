import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../storage/database.js';
import { describeStorage } from '../../storage/testing/storage-suite.js';
import { COMMAND_KIT } from '../../cli/command-kit.js';
import { registerReport } from '../commands/report-command.js';
import { auditEntries, insertCase } from '../testing/fixtures.js';
import { SqlAuditStore } from '../audit/store/sql/sql-audit-store.js';
import { parsePeriod } from './period.js';
import { publishReport, suppressGroup } from './publish.js';
import { renderMarkdown } from './render-markdown.js';
import { renderSvg } from './render-svg.js';
import { collectTransparencyStats } from './stats.js';
import { operationsPart } from '../../operations/part.js';

const JST = 540;
const DAY = 86_400_000;
const at = (month: number, day: number): number => Date.UTC(2026, month - 1, day, 3); // noon JST

interface Req {
  path: 'prior' | 'emergency';
  mechanism: string;
  state: string;
  created: number;
  decided?: number;
  review?: { state: string; due: number; reviewed?: number };
}

async function insertRequest(db: Kysely<Database>, caseId: string, n: number, r: Req): Promise<void> {
  await db
    .insertInto('countermeasure_requests')
    .values({
      id: `REQ${String(n).padStart(4, '0')}`,
      case_id: caseId,
      path: r.path,
      mechanism: r.mechanism,
      action: '{}',
      rule_count: 1,
      duration_seconds: 3600,
      justification: 'j',
      harm: '{}',
      urgency: 'urgent',
      evidence: '[]',
      abroad: 0,
      requested_by: 'usr_officer',
      requester_role: 'designated_officer',
      state: r.state,
      digest: 'd',
      revision: 1,
      gates: '[]',
      rejection_reasons: '[]',
      review_due_at: r.review?.due ?? null,
      review_state: r.review?.state ?? null,
      reviewed_by: r.review?.reviewed === undefined ? null : 'usr_chair',
      reviewed_at: r.review?.reviewed ?? null,
      review_reason: null,
      escalated_at: null,
      outcome: null,
      end_reason: null,
      created_at: r.created,
      updated_at: r.decided ?? r.created,
      decided_at: r.decided ?? null,
    })
    .execute();
}

/** The seeded year: see the expectations below for what it adds up to. */
async function seed(db: Kysely<Database>, caseId: string): Promise<void> {
  const reqs: Req[] = [
    ...['active', 'expired', 'expired', 'completed', 'withdrawn', 'active'].map((state, i) => ({ path: 'prior' as const, mechanism: 'rtbh', state, created: at(2, 1 + i), decided: at(2, 2 + i) })),
    { path: 'prior', mechanism: 'rtbh', state: 'rejected', created: at(3, 1), decided: at(3, 2) },
    { path: 'prior', mechanism: 'flowspec', state: 'active', created: at(4, 1), decided: at(4, 2) },
    { path: 'prior', mechanism: 'flowspec', state: 'pending_approval', created: at(12, 30) },
    { path: 'prior', mechanism: 'blocklist', state: 'cancelled', created: at(5, 1), decided: at(5, 3) },
    ...[1, 2, 3, 4, 5].map((d) => ({ path: 'prior' as const, mechanism: 'abuse_notice', state: 'completed', created: at(6, d), decided: at(6, d + 1) })),
    { path: 'prior', mechanism: 'rtbh', state: 'expired', created: Date.UTC(2025, 11, 30), decided: Date.UTC(2025, 11, 31) }, // previous year
    ...[1, 2, 3].map((d) => ({ path: 'emergency' as const, mechanism: 'rtbh', state: 'expired', created: at(7, d), review: { state: 'upheld', due: at(7, d) + DAY, reviewed: at(7, d) + DAY / 2 } })),
    { path: 'emergency', mechanism: 'rtbh', state: 'withdrawn', created: at(8, 1), review: { state: 'withdrawal_ordered', due: at(8, 1) + DAY, reviewed: at(8, 1) + 3600_000 } },
    { path: 'emergency', mechanism: 'flowspec', state: 'expired', created: at(8, 5), review: { state: 'upheld', due: at(8, 5) + DAY, reviewed: at(8, 5) + 2 * DAY } },
    { path: 'emergency', mechanism: 'rtbh', state: 'expired', created: at(9, 1), review: { state: 'pending', due: at(9, 1) + DAY } },
  ];
  for (const [i, r] of reqs.entries()) await insertRequest(db, caseId, i, r);
  await db
    .insertInto('oversight_inspections')
    .values(
      [1, 2].map((k) => ({
        id: `INS${k}`,
        title: 't',
        scope: 's',
        state: k === 1 ? 'closed' : 'open',
        findings: null,
        opened_by: 'usr_chair',
        opened_at: at(3, k),
        closed_by: null,
        closed_at: k === 1 ? at(4, 1) : null,
        updated_at: at(4, 1),
      })),
    )
    .execute();
  await db
    .insertInto('oversight_directives')
    .values({
      id: 'DIR1',
      kind: 'recommendation',
      inspection_id: 'INS1',
      addressee: 'a',
      subject: 's',
      body: 'b',
      state: 'implemented',
      due_at: null,
      issued_by: 'usr_chair',
      issued_at: at(4, 2),
      updated_at: at(5, 1),
      closed_at: null,
    })
    .execute();
  await db
    .insertInto('selection_counters')
    .values([
      { exporter: '10.255.0.1', period_start: at(5, 1), period_end: at(5, 1) + 3600_000, kept: 1_000, erased: 98_000 },
      { exporter: '10.255.0.2', period_start: at(5, 1), period_end: at(5, 1) + 3600_000, kept: 1_000, erased: 0 },
      { exporter: '10.255.0.1', period_start: Date.UTC(2027, 0, 5), period_end: Date.UTC(2027, 0, 5, 1), kept: 7, erased: 7 },
    ])
    .execute();
  await db
    .insertInto('retention_receipts')
    .values({ id: 'RR1', data_class: 'attacks', table_name: 'attacks', cutoff: at(9, 1), count: 3, ids_sha256: 'x', oldest: null, newest: null, audit_seq: 0, run_at: at(10, 1) })
    .execute();
  await db
    .insertInto('monitoring_flags')
    .values(
      ['volume', 'volume', 'no_case', 'volume', 'volume', 'volume', 'volume', 'repeated_lookup'].map((kind, k) => ({
        id: `FLAG${k}`,
        kind,
        state: 'open',
        user_id: 'u',
        case_id: null,
        dedupe_key: null,
        details: '{}',
        access_id: null,
        raised_at: at(10, 1 + k),
        updated_at: at(10, 1 + k),
        acknowledged_by: null,
        acknowledged_at: null,
        closed_by: null,
        closed_at: null,
      })),
    )
    .execute();
}

describe('suppression', () => {
  it('publishes 1–4 as "<5", keeps 0 and larger counts, and withholds a complementary cell', () => {
    expect(suppressGroup({ total: 12, by: { a: 6, b: 1, c: 5, d: 0 } }, 5)).toEqual({ total: 12, by: { a: 6, b: '<5', c: '*', d: 0 } });
    expect(suppressGroup({ total: 3, by: { a: 3, b: 0 } }, 5)).toEqual({ total: '<5', by: { a: '<5', b: 0 } });
    expect(suppressGroup({ total: 9, by: { a: 2, b: 2, c: 5 } }, 5)).toEqual({ total: 9, by: { a: '<5', b: '<5', c: 5 } });
  });

  it('reads periods in the report’s time zone', () => {
    expect(parsePeriod('2026', JST)).toMatchObject({ from: Date.UTC(2025, 11, 31, 15), to: Date.UTC(2026, 11, 31, 15) });
    expect(parsePeriod('2026-Q2', 0)).toMatchObject({ from: Date.UTC(2026, 3, 1), to: Date.UTC(2026, 6, 1) });
    expect(parsePeriod('2026-H2', 0)).toMatchObject({ from: Date.UTC(2026, 6, 1), to: Date.UTC(2027, 0, 1) });
    expect(() => parsePeriod('2026-13', 0)).toThrow(/invalid report period "2026-13"/);
  });
});

describeStorage('transparency report', (ctx) => {
  beforeAll(async () => {
    await ctx.reset();
    await seed(ctx.db, await insertCase(ctx.db, ctx.clock));
  });

  it('counts the seeded year with small counts suppressed', async () => {
    const stats = await collectTransparencyStats(ctx.db, operationsPart.transparency, parsePeriod('2026', JST), Date.UTC(2027, 1, 1));
    const r = publishReport(stats, 5);
    expect(r.countermeasures).toMatchObject({
      available: true,
      requests: { total: 15, by: { rtbh: 7, flowspec: '<5', blocklist: '<5', abuse_notice: 5, dns_rpz: 0 } },
      approvals: { total: 12, by: { rtbh: 6, flowspec: '<5', abuse_notice: '*', blocklist: 0 } },
      rejections: { total: '<5', by: { rtbh: '<5', flowspec: 0 } },
      cancelled: { total: '<5', by: { blocklist: '<5' } },
    });
    expect(r.emergency).toMatchObject({
      available: true,
      actions: { total: 6, by: { rtbh: '*', flowspec: '<5' } },
      review: { total: 6, by: { on_time: '<5', late: '<5', overdue_unreviewed: '<5', pending: 0 } },
      outcome: { total: 5, by: { upheld: '<5', withdrawal_ordered: '<5' } },
    });
    expect(r.commission).toMatchObject({ available: true, inspectionsOpened: '<5', inspectionsClosed: '<5', directives: { by: { recommendation: '<5', notice: 0 } } });
    expect(r.selection).toEqual({ available: true, exporters: 2, keptRecords: 2_000, erasedRecords: 98_000, erasedShare: 0.98 });
    expect(r.retention).toEqual({ available: true, rowsErased: { attacks: 3 }, total: 3 });
    expect(r.monitoring).toMatchObject({ available: true, flags: { total: 8, by: { volume: 6, no_case: '<5', repeated_lookup: '<5', out_of_scope: 0 } } });
    expect(r.period).toEqual({ label: '2026', from: '2026-01-01T00:00:00+09:00', to: '2027-01-01T00:00:00+09:00' });

    const md = renderMarkdown(r);
    expect(md).toContain('# Transparency report 2026');
    expect(md).toContain('| Remote-triggered black hole (RTBH) | 7 | 6 | <5 | 0 |');
    expect(md).toContain('| **Total** | **15** | **12** | **<5** | **<5** |');
    expect(md).toContain('| Reviewed on time | <5 |');
    expect(md).toContain('| 2 | 2,000 | 98,000 | 98.00 % |');
    const svg = renderSvg(r);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('>Requests for prior approval</text>');
    expect(svg).toContain('>&lt;5</text>');
    expect(svg).toContain('fill="url(#hatch)"');
    expect(svg).not.toMatch(/>[1-4]<\/text>/);
    expect(svg).toContain('erased 98.00 % of 100,000 flow records');
  });

  it('writes the three formats from the command and records that in the audit log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sakimori-report-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ dataDir: ctx.options.dataDir, log: { level: 'silent' }, storage: { url: ctx.options.url }, audit: { checkpointIntervalSeconds: 0 } }));
    let out = '';
    const program = new Command('sakimori').option('-c, --config <file>').exitOverride();
    registerReport(program, COMMAND_KIT, { out: (t) => (out += t), err: () => undefined, setExitCode: () => undefined });
    await program.parseAsync(['-c', config, 'report', 'transparency', '--period', '2026', '--out', join(dir, 'out')], { from: 'user' });
    expect(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(dir, '<dir>')),
    ).toEqual(['md', 'json', 'svg'].map((f) => `wrote <dir>/out/transparency-2026.${f}`));
    const json = JSON.parse(readFileSync(join(dir, 'out', 'transparency-2026.json'), 'utf8')) as { format: string; countermeasures: { requests: { total: number } } };
    expect(json.format).toBe('sakimori.transparency-report/v1');
    expect(json.countermeasures.requests.total).toBe(15);
    expect(readFileSync(join(dir, 'out', 'transparency-2026.svg'), 'utf8')).toContain('<title id="title">Transparency report 2026</title>');
    const entries = await auditEntries(new SqlAuditStore(ctx.db));
    expect(entries.find((e) => e.action === 'report.transparency')).toMatchObject({ subjects: [{ type: 'report', id: 'transparency-2026' }], details: { formats: ['md', 'json', 'svg'] } });
    rmSync(dir, { recursive: true, force: true });
  });
});

describeStorage('transparency report without the operations and oversight tables', (ctx) => {
  beforeAll(() => ctx.storage.migrate({ to: '0002' }).then(() => undefined));
  afterAll(() => ctx.storage.migrate().then(() => undefined));

  it('marks each section unavailable, naming the missing tables', async () => {
    const r = publishReport(await collectTransparencyStats(ctx.db, operationsPart.transparency, parsePeriod('2026', JST), Date.UTC(2027, 0, 1)), 5);
    expect(r.countermeasures).toEqual({ available: false, missing: ['countermeasure_requests'] });
    expect(r.selection).toEqual({ available: false, missing: ['selection_counters'] });
    expect(renderMarkdown(r)).toContain('Not available: this installation has no `countermeasure_requests` table.');
    expect(renderSvg(r)).toContain('>n/a</text>');
  });
});
