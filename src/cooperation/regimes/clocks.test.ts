/**
 * Reporting clocks, one row per regime × anchor × boundary, written to be read against the law.
 * Every expected due instant was worked out by hand from the rules below, not taken from the code.
 *
 * - Hours are elapsed time from the anchor instant: a 72 h clock is 72 × 3600 s whatever daylight
 *   saving does in between (NIS2 Art. 23(4), DORA RTS Art. 5(1), CRA Art. 14, CIRCIA 681b(a)).
 * - EU days and months — Regulation (EEC, Euratom) No 1182/71 Art. 3: the event's day is not
 *   counted (3(1)); the period ends with the expiry of the last hour of its last day (3(2)(b)), for
 *   months on the same date in the last month or that month's last day if it has none (3(2)(c));
 *   if the last day is a Saturday, Sunday or public holiday, at the end of the next working day
 *   (3(4)), which never applies to hours. Days are local days of the entity (Europe/Berlin here).
 * - DORA — Delegated Regulation (EU) 2025/301 Art. 5: initial notification 4 h from classification
 *   and at the latest 24 h from awareness, whichever ends first (5(1)(a)), but 4 h from a
 *   classification made after those 24 h (5(2)); a limit falling on a weekend or bank holiday may
 *   be met by 12:00 of the next working day (5(4)), except initial and intermediate reports of the
 *   entities of 5(5)–(6).
 * - Japan — Civil Code Art. 140 (the first day is not counted unless the period starts at 0:00),
 *   141 (ends at the end of the last day), 143 (months by the calendar: the day before the day
 *   corresponding to the first day); 行政機関の休日に関する法律 Art. 2 (a limit in days or months
 *   falling on Sat, Sun, a national holiday or 12-29…01-03 moves to the next working day). APPI's
 *   final report counts the day of awareness as day 1 (PPC guideline 3-5-3-4).
 * - Lateness is `submittedAt - dueAt` in whole seconds over its full span; a submission exactly at
 *   the due instant is on time.
 * - A stage whose anchor has not happened is `pending`, with no due instant.
 */
import { describe, expect, it } from 'vitest';
import { computeDeadlines, type DeadlineState, type NamedAnchor, type RegimeId, regime, workingCalendar } from './index.js';

/** Public holidays used by the rows: Japan 2026 (Golden Week) and Germany (federal) 2026. */
const JP_2026 = workingCalendar(['2026-04-29', '2026-05-03', '2026-05-04', '2026-05-05', '2026-05-06']);
const DE_2026 = workingCalendar(['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26']);
const BERLIN = 'Europe/Berlin';

interface Row {
  /** What the row shows. */
  readonly case: string;
  readonly regime: RegimeId;
  readonly stage: string;
  /** The rule the expectation comes from. */
  readonly law: string;
  readonly anchors: Partial<Record<NamedAnchor, string>>;
  readonly conditions?: Record<string, boolean>;
  readonly submitted?: Record<string, string>;
  readonly lastSubmitted?: Record<string, string>;
  readonly calendar?: typeof JP_2026;
  readonly timeZone?: string;
  readonly now: string;
  /** Expected due instant, UTC. */
  readonly due: string | null;
  readonly state: DeadlineState;
  readonly lateBy?: number;
  readonly dueLocal?: string;
  /** Expected provisional due instant of a pending stage, UTC. */
  readonly provisional?: string;
}

const ROWS: readonly Row[] = [
  // —— jp-act: ACD Act Art. 5, written report within 30 days (Asia/Tokyo) ——
  {
    case: 'aware 03-01 10:00 JST: day 1 is 03-02, day 30 is 03-31',
    regime: 'jp-act',
    stage: 'written-report',
    law: '法5条1項; 民法140条本文, 141条',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    now: '2026-03-10T00:00:00Z',
    due: '2026-03-31T15:00:00Z',
    state: 'open',
    dueLocal: '2026-03-31T24:00:00+09:00',
  },
  {
    case: 'aware exactly 03-01 00:00 JST: the first day counts',
    regime: 'jp-act',
    stage: 'written-report',
    law: '民法140条ただし書',
    anchors: { awareness: '2026-03-01T00:00:00+09:00' },
    now: '2026-03-10T00:00:00Z',
    due: '2026-03-30T15:00:00Z',
    state: 'open',
  },
  {
    case: 'submitted exactly on time',
    regime: 'jp-act',
    stage: 'written-report',
    law: '民法141条 (ends at the end of the last day)',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    submitted: { 'written-report': '2026-03-31T15:00:00Z' },
    now: '2026-04-02T00:00:00Z',
    due: '2026-03-31T15:00:00Z',
    state: 'submitted-on-time',
  },
  {
    case: 'submitted one second late',
    regime: 'jp-act',
    stage: 'written-report',
    law: '民法141条',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    submitted: { 'written-report': '2026-03-31T15:00:01Z' },
    now: '2026-04-02T00:00:00Z',
    due: '2026-03-31T15:00:00Z',
    state: 'submitted-late',
    lateBy: 1,
  },
  {
    case: 'submitted 25 hours late reads 90 000 s, not 1 h',
    regime: 'jp-act',
    stage: 'written-report',
    law: '民法141条',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    submitted: { 'written-report': '2026-04-01T16:00:00Z' },
    now: '2026-04-02T00:00:00Z',
    due: '2026-03-31T15:00:00Z',
    state: 'submitted-late',
    lateBy: 90_000,
  },
  {
    case: 'day 30 is 05-05 (Golden Week): moves past 05-06 to 05-07',
    regime: 'jp-act',
    stage: 'written-report',
    law: '行政機関の休日に関する法律2条',
    anchors: { awareness: '2026-04-05T10:00:00+09:00' },
    calendar: JP_2026,
    now: '2026-04-10T00:00:00Z',
    due: '2026-05-07T15:00:00Z',
    state: 'open',
  },
  {
    case: 'same without a holiday calendar: only weekends and 12-29…01-03 are known',
    regime: 'jp-act',
    stage: 'written-report',
    law: '行政機関の休日に関する法律1条1項1号, 3号',
    anchors: { awareness: '2026-04-05T10:00:00+09:00' },
    now: '2026-04-10T00:00:00Z',
    due: '2026-05-05T15:00:00Z',
    state: 'open',
  },
  {
    case: 'day 30 is 12-29: year-end closure to 01-03, due 01-04',
    regime: 'jp-act',
    stage: 'written-report',
    law: '行政機関の休日に関する法律1条1項3号, 2条',
    anchors: { awareness: '2026-11-29T10:00:00+09:00' },
    now: '2026-12-01T00:00:00Z',
    due: '2027-01-04T15:00:00Z',
    state: 'open',
  },
  {
    case: 'prompt report: 24 h expectation passed by 1 h',
    regime: 'jp-act',
    stage: 'prompt-report',
    law: '法5条1項 (no fixed period; product expectation 24 h)',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    now: '2026-03-02T11:00:00+09:00',
    due: '2026-03-02T01:00:00Z',
    state: 'overdue',
    lateBy: 3600,
  },
  { case: 'pending: no awareness yet', regime: 'jp-act', stage: 'written-report', law: '法5条1項 (runs from 認知)', anchors: {}, now: '2026-03-10T00:00:00Z', due: null, state: 'pending' },

  // —— jp-act-assets: ACD Act Art. 4, asset notification ——
  {
    case: 'introduced 10-31: months from 11-01 end 02-28 (Sun), moved to 03-01',
    regime: 'jp-act-assets',
    stage: 'asset-notification',
    law: '法4条1項 (4 months); 民法143条; 行政機関の休日に関する法律2条',
    anchors: { designation: '2026-05-01T10:00:00+09:00', introduction: '2026-10-31T10:00:00+09:00' },
    now: '2026-11-01T00:00:00Z',
    due: '2027-03-01T15:00:00Z',
    state: 'open',
  },
  {
    case: 'introduced 02-28: a period from the 1st runs whole months, to 06-30 (1182/71 would give 06-28)',
    regime: 'jp-act-assets',
    stage: 'asset-notification',
    law: '民法143条1項',
    anchors: { introduction: '2026-02-28T10:00:00+09:00' },
    now: '2026-03-01T00:00:00Z',
    due: '2026-06-30T15:00:00Z',
    state: 'open',
  },
  {
    case: 'introduced 2027-10-30: first day 10-31, Feb 2028 has no 31st, so it ends on its last day 02-29',
    regime: 'jp-act-assets',
    stage: 'asset-notification',
    law: '民法143条2項ただし書',
    anchors: { introduction: '2027-10-30T10:00:00+09:00' },
    now: '2027-11-01T00:00:00Z',
    due: '2028-02-29T15:00:00Z',
    state: 'open',
  },
  {
    case: 'introduced within 2 months of designation: 6 months of designation',
    regime: 'jp-act-assets',
    stage: 'asset-notification',
    law: '法4条1項, transitional rule; 民法140条, 143条',
    anchors: { designation: '2026-10-01T10:00:00+09:00', introduction: '2026-11-15T10:00:00+09:00' },
    now: '2026-11-16T00:00:00Z',
    due: '2027-04-01T15:00:00Z',
    state: 'open',
  },
  {
    case: 'pending: not introduced',
    regime: 'jp-act-assets',
    stage: 'asset-notification',
    law: '法4条1項 (runs from introduction)',
    anchors: { designation: '2026-10-01T10:00:00+09:00' },
    now: '2026-11-16T00:00:00Z',
    due: null,
    state: 'pending',
  },

  // —— jp-appi: APPI Art. 26, Rules Art. 8 ——
  {
    case: 'final report: awareness day is day 1, day 30 is 03-30',
    regime: 'jp-appi',
    stage: 'final-report',
    law: '施行規則8条2項; GL 3-5-3-4',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    now: '2026-03-10T00:00:00Z',
    due: '2026-03-30T15:00:00Z',
    state: 'open',
  },
  {
    case: 'malicious: 60 days, day 60 is 05-01',
    regime: 'jp-appi',
    stage: 'final-report',
    law: '施行規則8条2項括弧書, 7条3号',
    anchors: { awareness: '2026-03-03T10:00:00+09:00' },
    conditions: { malicious: true },
    now: '2026-03-10T00:00:00Z',
    due: '2026-05-01T15:00:00Z',
    state: 'open',
  },
  {
    case: 'malicious: day 60 is 04-29 (Shōwa Day), moved to 04-30',
    regime: 'jp-appi',
    stage: 'final-report',
    law: '施行規則8条2項; 行政機関の休日に関する法律2条',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    conditions: { malicious: true },
    calendar: JP_2026,
    now: '2026-03-10T00:00:00Z',
    due: '2026-04-30T15:00:00Z',
    state: 'open',
  },
  {
    case: 'preliminary: within the last 24 h of the 5-day expectation',
    regime: 'jp-appi',
    stage: 'preliminary-report',
    law: '施行規則8条1項; GL 3-5-3-3 (概ね3〜5日)',
    anchors: { awareness: '2026-03-01T10:00:00+09:00' },
    now: '2026-03-05T12:00:00+09:00',
    due: '2026-03-06T01:00:00Z',
    state: 'due-soon',
  },

  // —— eu-nis2: Directive (EU) 2022/2555 Art. 23(4), entity in Europe/Berlin ——
  {
    case: 'early warning 24 h',
    regime: 'eu-nis2',
    stage: 'early-warning',
    law: 'Art. 23(4)(a)',
    anchors: { awareness: '2026-03-02T09:30:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-02T12:00:00Z',
    due: '2026-03-03T08:30:00Z',
    state: 'open',
  },
  {
    case: '72 h across the spring DST change stays 72 elapsed hours (11:00 CEST)',
    regime: 'eu-nis2',
    stage: 'notification',
    law: 'Art. 23(4)(b)',
    anchors: { awareness: '2026-03-27T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-28T00:00:00Z',
    due: '2026-03-30T09:00:00Z',
    state: 'open',
    dueLocal: '2026-03-30T11:00:00+02:00',
  },
  {
    case: '72 h across the autumn DST change stays 72 elapsed hours (09:00 CET)',
    regime: 'eu-nis2',
    stage: 'notification',
    law: 'Art. 23(4)(b)',
    anchors: { awareness: '2026-10-23T10:00:00+02:00' },
    timeZone: BERLIN,
    now: '2026-10-24T00:00:00Z',
    due: '2026-10-26T08:00:00Z',
    state: 'open',
    dueLocal: '2026-10-26T09:00:00+01:00',
  },
  {
    case: '72 h ending on a Saturday is not moved (hours)',
    regime: 'eu-nis2',
    stage: 'notification',
    law: 'Art. 23(4)(b); 1182/71 Art. 3(4) excludes hours',
    anchors: { awareness: '2026-03-04T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-05T00:00:00Z',
    due: '2026-03-07T09:00:00Z',
    state: 'open',
  },
  {
    case: 'notification 25 h late reads 90 000 s',
    regime: 'eu-nis2',
    stage: 'notification',
    law: 'Art. 23(4)(b)',
    anchors: { awareness: '2026-03-27T10:00:00+01:00' },
    submitted: { notification: '2026-03-31T10:00:00Z' },
    timeZone: BERLIN,
    now: '2026-04-01T00:00:00Z',
    due: '2026-03-30T09:00:00Z',
    state: 'submitted-late',
    lateBy: 90_000,
  },
  {
    case: 'trust service provider: notification within 24 h',
    regime: 'eu-nis2',
    stage: 'notification',
    law: 'Art. 23(4), second subparagraph',
    anchors: { awareness: '2026-03-02T09:30:00+01:00' },
    conditions: { 'trust-service-provider': true },
    timeZone: BERLIN,
    now: '2026-03-02T12:00:00Z',
    due: '2026-03-03T08:30:00Z',
    state: 'open',
  },
  {
    case: 'final: one month across spring DST ends 04-10 at 24:00 CEST',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: 'Art. 23(4)(d); 1182/71 Art. 3(2)(c)',
    anchors: { awareness: '2026-03-08T10:00:00+01:00' },
    submitted: { notification: '2026-03-10T13:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-20T00:00:00Z',
    due: '2026-04-10T22:00:00Z',
    state: 'open',
    dueLocal: '2026-04-10T24:00:00+02:00',
  },
  {
    case: 'final: one month across autumn DST ends 11-20 at 24:00 CET',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: 'Art. 23(4)(d); 1182/71 Art. 3(2)(c)',
    anchors: { awareness: '2026-10-18T10:00:00+02:00' },
    submitted: { notification: '2026-10-20T13:00:00+02:00' },
    timeZone: BERLIN,
    now: '2026-10-30T00:00:00Z',
    due: '2026-11-20T23:00:00Z',
    state: 'open',
    dueLocal: '2026-11-20T24:00:00+01:00',
  },
  {
    case: 'final: Jan 31 + 1 month ends Feb 28 (no Feb 31)',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: '1182/71 Art. 3(2)(c), second sentence',
    anchors: { awareness: '2029-01-29T10:00:00+01:00' },
    submitted: { notification: '2029-01-31T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2029-02-01T00:00:00Z',
    due: '2029-02-28T23:00:00Z',
    state: 'open',
  },
  {
    case: 'final: Jan 31 + 1 month in a leap year ends Feb 29',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: '1182/71 Art. 3(2)(c), second sentence',
    anchors: { awareness: '2028-01-29T10:00:00+01:00' },
    submitted: { notification: '2028-01-31T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2028-02-01T00:00:00Z',
    due: '2028-02-29T23:00:00Z',
    state: 'open',
  },
  {
    case: 'final: Feb 28 2027 is a Sunday, ends Monday 03-01',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: '1182/71 Art. 3(2)(c), 3(4)',
    anchors: { awareness: '2027-01-29T10:00:00+01:00' },
    submitted: { notification: '2027-01-31T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2027-02-01T00:00:00Z',
    due: '2027-03-01T23:00:00Z',
    state: 'open',
  },
  {
    case: 'final: ends on Good Friday, past Easter Monday to Tuesday 04-07',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: '1182/71 Art. 3(4) (public holidays of the Member State)',
    anchors: { awareness: '2026-03-01T10:00:00+01:00' },
    submitted: { notification: '2026-03-03T10:00:00+01:00' },
    calendar: DE_2026,
    timeZone: BERLIN,
    now: '2026-03-10T00:00:00Z',
    due: '2026-04-07T22:00:00Z',
    state: 'open',
  },
  {
    case: 'final pending until the notification is submitted; provisional from its due time (05 Mar) → Sun 04-05 → Mon 04-06',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: 'Art. 23(4)(d) (runs from the submission of the notification)',
    anchors: { awareness: '2026-03-02T09:30:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-03T00:00:00Z',
    due: null,
    state: 'pending',
    provisional: '2026-04-06T22:00:00Z',
  },
  {
    case: 'ongoing at the final report: progress report on the final report’s date',
    regime: 'eu-nis2',
    stage: 'progress-report',
    law: 'Art. 23(4)(e)',
    anchors: { awareness: '2026-03-08T10:00:00+01:00' },
    conditions: { 'ongoing-at-final': true },
    submitted: { notification: '2026-03-10T13:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-20T00:00:00Z',
    due: '2026-04-10T22:00:00Z',
    state: 'open',
  },
  {
    case: 'ongoing: final report pending until handling is concluded',
    regime: 'eu-nis2',
    stage: 'final-report',
    law: 'Art. 23(4)(e)',
    anchors: { awareness: '2026-03-08T10:00:00+01:00' },
    conditions: { 'ongoing-at-final': true },
    submitted: { notification: '2026-03-10T13:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-20T00:00:00Z',
    due: null,
    state: 'pending',
  },

  // —— eu-dora: Regulation (EU) 2022/2554 Art. 19(4), RTS 2025/301 Art. 5 ——
  {
    case: 'initial: classified 2 h after awareness, 4 h from classification ends first',
    regime: 'eu-dora',
    stage: 'initial-notification',
    law: 'RTS Art. 5(1)(a)',
    anchors: { awareness: '2026-03-02T08:00:00+01:00', classification: '2026-03-02T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-02T10:00:00Z',
    due: '2026-03-02T13:00:00Z',
    state: 'open',
  },
  {
    case: 'initial: classified 22 h after awareness, the 24 h cap ends first',
    regime: 'eu-dora',
    stage: 'initial-notification',
    law: 'RTS Art. 5(1)(a) (min of both)',
    anchors: { awareness: '2026-03-02T08:00:00+01:00', classification: '2026-03-03T06:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-03T05:30:00Z',
    due: '2026-03-03T07:00:00Z',
    state: 'due-soon',
  },
  {
    case: 'initial: classified after 24 h, 4 h from classification',
    regime: 'eu-dora',
    stage: 'initial-notification',
    law: 'RTS Art. 5(2)',
    anchors: { awareness: '2026-03-02T08:00:00+01:00', classification: '2026-03-05T09:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-05T08:30:00Z',
    due: '2026-03-05T12:00:00Z',
    state: 'open',
  },
  {
    case: 'initial pending until classified; the 24 h cap is provisional',
    regime: 'eu-dora',
    stage: 'initial-notification',
    law: 'DORA Art. 19(4)(a) (major incidents only)',
    anchors: { awareness: '2026-03-02T08:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-02T10:00:00Z',
    due: null,
    state: 'pending',
    provisional: '2026-03-03T07:00:00Z',
  },
  {
    case: 'initial due Sat 02:00: by 12:00 of Monday',
    regime: 'eu-dora',
    stage: 'initial-notification',
    law: 'RTS Art. 5(4)',
    anchors: { awareness: '2026-03-06T20:00:00+01:00', classification: '2026-03-06T22:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-07T00:00:00Z',
    due: '2026-03-09T11:00:00Z',
    state: 'open',
    dueLocal: '2026-03-09T12:00:00+01:00',
  },
  {
    case: 'initial due Sat 02:00 for a credit institution: no weekend relief',
    regime: 'eu-dora',
    stage: 'initial-notification',
    law: 'RTS Art. 5(5)',
    anchors: { awareness: '2026-03-06T20:00:00+01:00', classification: '2026-03-06T22:00:00+01:00' },
    conditions: { 'no-weekend-relief': true },
    timeZone: BERLIN,
    now: '2026-03-07T00:00:00Z',
    due: '2026-03-07T01:00:00Z',
    state: 'due-soon',
  },
  {
    case: 'intermediate: 72 h from the initial notification’s submission',
    regime: 'eu-dora',
    stage: 'intermediate-report',
    law: 'RTS Art. 5(1)(b)',
    anchors: { awareness: '2026-03-02T08:00:00+01:00', classification: '2026-03-02T10:00:00+01:00' },
    submitted: { 'initial-notification': '2026-03-02T14:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-03T00:00:00Z',
    due: '2026-03-05T13:00:00Z',
    state: 'open',
  },
  {
    case: 'final: one month of the latest updated intermediate report',
    regime: 'eu-dora',
    stage: 'final-report',
    law: 'RTS Art. 5(1)(c)',
    anchors: { awareness: '2026-03-02T08:00:00+01:00', classification: '2026-03-02T10:00:00+01:00' },
    submitted: { 'initial-notification': '2026-03-02T12:00:00+01:00', 'intermediate-report': '2026-03-04T12:00:00+01:00' },
    lastSubmitted: { 'intermediate-report': '2026-03-10T16:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-20T00:00:00Z',
    due: '2026-04-10T22:00:00Z',
    state: 'open',
  },
  {
    case: 'final ends Sat 04-11: 12:00 Monday, for every entity',
    regime: 'eu-dora',
    stage: 'final-report',
    law: 'RTS Art. 5(4); 5(5) covers initial and intermediate only',
    anchors: { awareness: '2026-03-02T08:00:00+01:00', classification: '2026-03-02T10:00:00+01:00' },
    conditions: { 'no-weekend-relief': true },
    submitted: { 'initial-notification': '2026-03-02T12:00:00+01:00', 'intermediate-report': '2026-03-11T10:00:00+01:00' },
    timeZone: BERLIN,
    now: '2026-03-20T00:00:00Z',
    due: '2026-04-13T10:00:00Z',
    state: 'open',
  },

  // —— us-circia: 6 U.S.C. 681b(a), rendered in the entity's zone (America/New_York by default) ——
  {
    case: 'covered incident: 72 h of reasonable belief',
    regime: 'us-circia',
    stage: 'incident-report',
    law: '681b(a)(1)',
    anchors: { 'reasonable-belief': '2026-03-02T15:00:00Z' },
    now: '2026-03-03T00:00:00Z',
    due: '2026-03-05T15:00:00Z',
    state: 'open',
  },
  {
    case: '72 h across the US DST change (08:00 EDT)',
    regime: 'us-circia',
    stage: 'incident-report',
    law: '681b(a)(1)',
    anchors: { 'reasonable-belief': '2026-03-07T12:00:00Z' },
    now: '2026-03-08T00:00:00Z',
    due: '2026-03-10T12:00:00Z',
    state: 'open',
    dueLocal: '2026-03-10T08:00:00-04:00',
  },
  {
    case: 'ransom payment: 24 h of the payment',
    regime: 'us-circia',
    stage: 'ransom-payment-report',
    law: '681b(a)(2)',
    anchors: { 'reasonable-belief': '2026-03-02T15:00:00Z', payment: '2026-03-03T04:30:00Z' },
    now: '2026-03-03T05:00:00Z',
    due: '2026-03-04T04:30:00Z',
    state: 'open',
  },
  {
    case: 'ransom payment report one second late',
    regime: 'us-circia',
    stage: 'ransom-payment-report',
    law: '681b(a)(2)',
    anchors: { payment: '2026-03-03T04:30:00Z' },
    submitted: { 'ransom-payment-report': '2026-03-04T04:30:01Z' },
    now: '2026-03-05T00:00:00Z',
    due: '2026-03-04T04:30:00Z',
    state: 'submitted-late',
    lateBy: 1,
  },
  {
    case: 'pending: no ransom paid',
    regime: 'us-circia',
    stage: 'ransom-payment-report',
    law: '681b(a)(2) (runs from the payment)',
    anchors: { 'reasonable-belief': '2026-03-02T15:00:00Z' },
    now: '2026-03-03T05:00:00Z',
    due: null,
    state: 'pending',
  },

  // —— eu-cra: Regulation (EU) 2024/2847 Art. 14 ——
  {
    case: 'vulnerability: early warning 24 h',
    regime: 'eu-cra',
    stage: 'vulnerability-early-warning',
    law: 'Art. 14(2)(a)',
    anchors: { awareness: '2026-09-14T10:00:00+02:00' },
    conditions: { 'actively-exploited-vulnerability': true },
    timeZone: BERLIN,
    now: '2026-09-14T09:00:00Z',
    due: '2026-09-15T08:00:00Z',
    state: 'open',
  },
  {
    case: 'vulnerability: final 14 days after the corrective measure',
    regime: 'eu-cra',
    stage: 'vulnerability-final-report',
    law: 'Art. 14(2)(c); 1182/71 Art. 3(2)(b)',
    anchors: { awareness: '2026-09-10T10:00:00+02:00', 'corrective-measure': '2026-09-14T10:00:00+02:00' },
    conditions: { 'actively-exploited-vulnerability': true },
    timeZone: BERLIN,
    now: '2026-09-15T00:00:00Z',
    due: '2026-09-28T22:00:00Z',
    state: 'open',
  },
  {
    case: 'vulnerability final pending until a corrective measure exists',
    regime: 'eu-cra',
    stage: 'vulnerability-final-report',
    law: 'Art. 14(2)(c)',
    anchors: { awareness: '2026-09-10T10:00:00+02:00' },
    conditions: { 'actively-exploited-vulnerability': true },
    timeZone: BERLIN,
    now: '2026-09-15T00:00:00Z',
    due: null,
    state: 'pending',
  },
  {
    case: 'severe incident: final one month after the notification',
    regime: 'eu-cra',
    stage: 'incident-final-report',
    law: 'Art. 14(4)(c)',
    anchors: { awareness: '2026-10-18T10:00:00+02:00' },
    conditions: { 'severe-incident': true },
    submitted: { 'incident-notification': '2026-10-20T13:00:00+02:00' },
    timeZone: BERLIN,
    now: '2026-10-30T00:00:00Z',
    due: '2026-11-20T23:00:00Z',
    state: 'open',
  },
  {
    case: 'a severe incident alone owes no vulnerability report',
    regime: 'eu-cra',
    stage: 'vulnerability-notification',
    law: 'Art. 14(2) (actively exploited vulnerabilities only)',
    anchors: { awareness: '2026-10-18T10:00:00+02:00' },
    conditions: { 'severe-incident': true },
    timeZone: BERLIN,
    now: '2026-10-19T00:00:00Z',
    due: null,
    state: 'not-applicable',
  },
];

const at = (iso: string): number => {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) throw new Error(`bad instant ${iso}`);
  return t;
};
const instants = (r: Record<string, string> | undefined): Record<string, number> | undefined => (r === undefined ? undefined : Object.fromEntries(Object.entries(r).map(([k, v]) => [k, at(v)])));

describe('reporting clocks against the law', () => {
  it.each(ROWS)('$regime $stage: $case [$law]', (row) => {
    const [result] = computeDeadlines(
      regime(row.regime),
      {
        anchors: instants(row.anchors) ?? {},
        conditions: row.conditions,
        submissions: instants(row.submitted),
        lastSubmissions: instants(row.lastSubmitted),
        calendar: row.calendar,
        timeZone: row.timeZone,
      },
      at(row.now),
    ).filter((d) => d.stage === row.stage);
    expect(result, `no stage ${row.stage}`).toBeDefined();
    expect(result!.dueAt === null ? null : new Date(result!.dueAt).toISOString()).toBe(row.due === null ? null : new Date(at(row.due)).toISOString());
    expect(result!.state).toBe(row.state);
    expect(result!.lateBySeconds).toBe(row.lateBy ?? null);
    if (row.dueLocal !== undefined) expect(result!.dueLocal).toBe(row.dueLocal);
    if (row.dueLocal !== undefined) expect(Date.parse(row.dueLocal)).toBe(result!.dueAt);
    if (row.provisional !== undefined) expect(result!.provisionalDueAt === null ? null : new Date(result!.provisionalDueAt).toISOString()).toBe(new Date(at(row.provisional)).toISOString());
    expect(result!.legalRef).not.toBe('');
  });
});
