/**
 * The rules every regime table must keep, checked once when a table is first used (and by the
 * tests for every built-in table): every row cites the law, every anchor is a known event or an
 * earlier stage, no stage twice, periods that the regime's counting rule can count.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { parseDate } from './civil-date.js';
import { type Anchor, type Clock, type Condition, NAMED_ANCHORS, type NonWorkingDayShift, type Period, type Regime } from './regime.js';

const NAMED: ReadonlySet<string> = new Set(NAMED_ANCHORS);
const STAGE_ID = /^[a-z][a-z0-9-]*$/;

function blank(s: string | undefined): boolean {
  return s === undefined || s.trim() === '';
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The stage an anchor refers to, or undefined for a named event. */
export function anchorStage(anchor: Anchor): string | undefined {
  const colon = anchor.indexOf(':');
  return colon < 0 ? undefined : anchor.slice(colon + 1);
}

/** Problems of one regime table, each naming where it is; empty when the table is sound. */
export function checkRegime(regime: Regime): string[] {
  const problems: string[] = [];
  const at = (where: string, what: string): void => {
    problems.push(`${regime.id} ${where}: ${what}`);
  };
  if (blank(regime.id) || blank(regime.name) || blank(regime.jurisdiction)) at('', 'id, name and jurisdiction are required');
  if (blank(regime.periodRuleRef)) at('periodRuleRef', 'cite the rule that counts days and months');
  if (regime.timeZone.kind === 'fixed' && !validZone(regime.timeZone.zone)) at('timeZone', `unknown zone ${regime.timeZone.zone}`);
  if (regime.timeZone.kind === 'entity' && regime.timeZone.fallback !== undefined && !validZone(regime.timeZone.fallback)) {
    at('timeZone', `unknown fallback zone ${regime.timeZone.fallback}`);
  }
  const { weekdays, annual, legalRef } = regime.nonWorkingDays;
  if (weekdays.some((w) => !Number.isInteger(w) || w < 0 || w > 6) || new Set(weekdays).size !== weekdays.length || weekdays.length > 6) {
    at('nonWorkingDays', 'weekdays must be distinct integers 0–6, at most six of them');
  }
  for (const md of annual) if (!/^\d\d-\d\d$/.test(md) || parseDate(`2000-${md}`) === undefined) at('nonWorkingDays', `not a MM-DD date: ${md}`);
  if (blank(legalRef)) at('nonWorkingDays', 'cite the law that makes these days non-working');

  const period = (where: string, p: Period): void => {
    if (p.unit === 'without-delay') {
      if (!(p.expectationHours > 0 && Number.isFinite(p.expectationHours))) at(where, 'expectationHours must be positive');
      return;
    }
    if (!(p.unit === 'hours' || p.unit === 'days' || p.unit === 'months')) at(where, `unknown unit ${String((p as { unit: unknown }).unit)}`);
    if (!(Number.isInteger(p.amount) && p.amount > 0)) at(where, 'amount must be a positive integer');
    if (regime.periodRule === 'hours-only' && p.unit !== 'hours') at(where, `${p.unit} in an hours-only regime: give it a rule for days and months`);
  };
  const conditions = (where: string, cs: readonly Condition[] | undefined): void => {
    for (const c of cs ?? []) {
      if ('fact' in c) {
        if (blank(c.fact)) at(where, 'a condition names no fact');
      } else {
        if (!NAMED.has(c.event) || !NAMED.has(c.of)) at(where, `timing condition on unknown anchors ${c.event} / ${c.of}`);
        period(where, c.within);
      }
    }
  };
  const shift = (where: string, s: NonWorkingDayShift | undefined): void => {
    if (s === undefined || s.kind === 'none') return;
    if (blank(s.legalRef)) at(where, 'a non-working-day rule without legalRef');
    if (s.kind === 'noon-of-next-working-day') conditions(where, s.unless);
  };
  shift('shift', regime.shift);

  const seen = new Set<string>();
  if (regime.stages.length === 0) at('stages', 'a regime needs at least one stage');
  for (const row of regime.stages) {
    const where = `stage ${row.stage}`;
    const clock = (c: Clock, what: string): void => {
      const stage = anchorStage(c.anchor);
      if (stage === undefined ? !NAMED.has(c.anchor) : !/^(last-)?submitted:/.test(c.anchor) || !seen.has(stage)) {
        at(where, `${what} anchor ${c.anchor} is neither a known event nor an earlier stage`);
      }
      period(`${where} ${what}`, c.period);
      if (c.firstDay !== undefined && (regime.periodRule !== 'jp-civil-code' || c.period.unit === 'hours' || c.period.unit === 'without-delay')) {
        at(where, 'firstDay "included" counts calendar days under the Japanese rule only');
      }
    };
    if (!STAGE_ID.test(row.stage)) at(where, 'stage ids are kebab-case');
    if (seen.has(row.stage)) at(where, 'stage listed twice');
    if (blank(row.title)) at(where, 'no title');
    if (blank(row.legalRef)) at(where, 'no legalRef');
    conditions(where, row.appliesWhen);
    clock(row.clock, 'clock');
    for (const c of row.atLatest ?? []) clock(c, 'atLatest');
    for (const v of row.variants ?? []) {
      if (v.when.length === 0) at(where, 'a variant without conditions would always replace the clock');
      if (blank(v.legalRef)) at(where, 'a variant without legalRef');
      conditions(where, v.when);
      clock(v.clock, 'variant');
      for (const c of v.atLatest ?? []) clock(c, 'variant atLatest');
    }
    shift(where, row.shift);
    for (const item of row.items ?? []) if (blank(item)) at(where, 'an empty item');
    seen.add(row.stage);
  }
  return problems;
}
