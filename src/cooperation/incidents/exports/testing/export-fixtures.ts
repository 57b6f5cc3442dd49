/**
 * For tests of the exports: incidents evaluated by the real deadline engine and seen through the
 * real view — an ACD Act incident whose written report (all 7 items) went in 25 h late, and a NIS2
 * incident with its early warning only.
 */
import { asId, type OrganizationId } from '../../../../core/ids.js';
import { lateBySeconds } from '../../../regimes/index.js';
import type { Incident, IncidentCategory, IncidentId, IncidentRegimeId, ReportContent, ReportVersion } from '../../incident.js';
import { evaluateIncident } from '../../incident-deadlines.js';
import { type IncidentView, incidentView } from '../../incident-view.js';

/** Awareness of the fixtures' incidents: 2026-10-05 10:00 in Tokyo. */
export const AWARE = Date.UTC(2026, 9, 5, 1, 0);

/** How late the ACD Act written report is submitted by default: 25 h. */
export const LATE_MS = 25 * 3_600_000;

/** The 7 items of the written report, by key, in the ordinance's order. */
export const WRITTEN_ITEMS: Readonly<Record<string, string>> = {
  'category-of-the-report': '確報',
  operator: '株式会社かみなり電力 (Kaminari Power)\n東京都千代田区',
  'overview-of-the-event': '2026年10月5日、制御系ネットワークへの不正アクセスを検知。',
  'affected-computer': '給電指令システム (SCADA) 中継サーバ 2 台',
  'technical-details': 'VPN 装置の脆弱性 (CVE-2026-0001) を悪用。C2: 198.51.100.7',
  response: '当該 VPN 装置を遮断し、パッチを適用。',
  other: '警察に相談済み。',
};

/** An incident with its view and submitted versions. */
export interface ExportCase {
  readonly incident: Incident;
  readonly view: IncidentView;
  readonly versions: ReportVersion[];
  /** The instant the view was taken. */
  readonly now: number;
}

function baseIncident(regime: IncidentRegimeId, title: string, category: IncidentCategory, timeZone: string | null): Incident {
  return {
    id: asId<IncidentId>(`inc-${regime}`),
    organizationId: asId<OrganizationId>('org-kaminari'),
    sector: 'electricity',
    regime,
    title,
    category,
    state: 'open',
    facts: { anchors: { awareness: AWARE }, conditions: {}, submissions: {}, lastSubmissions: {}, dueSetByAuthority: {} },
    timeZone,
    orderDueAt: null,
    nextDueAt: null,
    nextDueRef: null,
    overdue: false,
    nonCompliant: false,
    revision: 3,
    createdAt: AWARE + 60_000,
    createdBy: 'u-reporter',
    updatedAt: AWARE + 120_000,
    closedAt: null,
  };
}

function version(incident: Incident, stage: string, n: number, content: ReportContent, submittedAt: number, dueAt: number | null): ReportVersion {
  return {
    incidentId: incident.id,
    stage,
    version: n,
    content,
    submittedAt,
    submittedBy: 'u-reporter',
    dueAt,
    dueBasis: dueAt === null ? null : 'statutory',
    lateBySeconds: dueAt === null ? null : Math.max(0, lateBySeconds(dueAt, submittedAt)),
    answers: [],
    acknowledgedAt: null,
    acknowledgedBy: null,
  };
}

function withView(incident: Incident, versions: ReportVersion[], now: number): ExportCase {
  const summary = evaluateIncident(incident, now, {});
  const stored = { ...incident, nextDueAt: summary.nextDueAt, nextDueRef: summary.nextDueRef, overdue: summary.overdue };
  const view = incidentView({ incident: stored, summary, versions, requests: [], links: [{ kind: 'attack', ref: 'atk-1' }], draftStages: null, now });
  return { incident: stored, view, versions, now };
}

/** Written-report due instant of an ACD Act incident aware at {@link AWARE}. */
export function writtenReportDue(): number {
  const s = evaluateIncident(baseIncident('jp-act', '', 'intrusion', null), AWARE, {}).stages.find((x) => x.stage === 'written-report');
  if (s?.dueAt == null) throw new Error('fixture: the written report has no due instant');
  return s.dueAt;
}

/** An ACD Act incident: prompt report 2 h after awareness, written report `lateMs` after its due instant. */
export function jpActCase(p: { title?: string; items?: Readonly<Record<string, string>>; summary?: string; lateMs?: number; category?: IncidentCategory } = {}): ExportCase {
  const base = baseIncident('jp-act', p.title ?? '制御系ネットワークへの不正アクセス', p.category ?? 'intrusion', null);
  const due = writtenReportDue();
  const promptAt = AWARE + 2 * 3_600_000;
  const writtenAt = due + (p.lateMs ?? LATE_MS);
  const incident: Incident = {
    ...base,
    facts: { ...base.facts, submissions: { 'prompt-report': promptAt, 'written-report': writtenAt }, lastSubmissions: { 'prompt-report': promptAt, 'written-report': writtenAt } },
  };
  const content: ReportContent = { items: p.items ?? WRITTEN_ITEMS, ...(p.summary === undefined ? {} : { summary: p.summary }) };
  const versions = [version(incident, 'prompt-report', 1, { summary: '不正アクセスを検知、調査中。' }, promptAt, null), version(incident, 'written-report', 1, content, writtenAt, due)];
  return withView(incident, versions, writtenAt + 3_600_000);
}

/** A NIS2 incident (entity in Berlin) with its early warning submitted 3 h after awareness. */
export function nis2Case(summary = 'Early warning: suspected ransomware on billing systems.'): ExportCase {
  const base = baseIncident('eu-nis2', 'Billing outage', 'ransomware', 'Europe/Berlin');
  const at = AWARE + 3 * 3_600_000;
  const incident: Incident = { ...base, facts: { ...base.facts, submissions: { 'early-warning': at }, lastSubmissions: { 'early-warning': at } } };
  return withView(incident, [version(incident, 'early-warning', 1, { summary }, at, AWARE + 24 * 3_600_000)], at + 60_000);
}
