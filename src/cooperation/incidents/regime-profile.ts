/**
 * What the incident service needs to know of a regime table, read from the table itself: which
 * anchors its clocks start from, which condition flags it reads, its stages with the keys of their
 * items. No regime is named here except in {@link REQUIRED_ITEMS}.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { type Clock, type Condition, type NamedAnchor, NAMED_ANCHORS, type Regime, regime, type StageRule } from '../regimes/index.js';
import type { IncidentRegimeId } from './incident.js';

/**
 * Stages whose every item must be filled in for the report to be submitted. The ACD Act's ordinance
 * (4条3項1号〜7号) prescribes the 7 items of the written report; elsewhere the items are carried "as
 * far as known" (APPI's preliminary report) and are optional.
 */
const REQUIRED_ITEMS: Readonly<Record<string, readonly string[]>> = { 'jp-act': ['written-report'] };

/** One stage, with what reports of it carry. */
export interface StageProfile {
  readonly rule: StageRule;
  /** Keys of the stage's items, in table order (see {@link itemKey}). */
  readonly itemKeys: readonly string[];
  /** Every item must be non-empty at submission. */
  readonly itemsRequired: boolean;
  /** The stage's clock starts when an authority asks (NIS2 intermediate report): an information request sets its anchor. */
  readonly startsOnRequest: boolean;
}

/** A regime as the incident service reads it. */
export interface RegimeProfile {
  readonly regime: Regime;
  /** Named anchors the regime's clocks and conditions read. */
  readonly anchors: ReadonlySet<NamedAnchor>;
  /** Condition flags (`malicious`, `severe-incident`) the regime's conditions read. */
  readonly conditions: ReadonlySet<string>;
  readonly stages: ReadonlyMap<string, StageProfile>;
  /** The zone the regime counts in when fixed (`Asia/Tokyo`); null when it is the entity's. */
  readonly fixedZone: string | null;
  /** The zone used when the entity gives none (CIRCIA: America/New_York); null when one is required. */
  readonly fallbackZone: string | null;
}

const NAMED: ReadonlySet<string> = new Set(NAMED_ANCHORS);

/**
 * The key of an item in a report's `items`: the English gloss in the label's last parentheses,
 * kebab-cased, without a leading "the" (`'特定侵害事象等の概要 (overview of the event)'` →
 * `overview-of-the-event`); `item-<n>` (1-based) when the label has none.
 */
export function itemKey(label: string, index: number): string {
  const gloss = /\(([^()]*)\)\s*$/.exec(label)?.[1];
  const slug = (gloss ?? '')
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? `item-${index + 1}` : slug;
}

function addClock(anchors: Set<NamedAnchor>, clock: Clock): void {
  if (NAMED.has(clock.anchor)) anchors.add(clock.anchor as NamedAnchor);
}

function addConditions(anchors: Set<NamedAnchor>, facts: Set<string>, conditions: readonly Condition[] | undefined): void {
  for (const c of conditions ?? []) {
    if ('fact' in c) facts.add(c.fact);
    else {
      anchors.add(c.event);
      anchors.add(c.of);
    }
  }
}

function build(r: Regime): RegimeProfile {
  const anchors = new Set<NamedAnchor>();
  const facts = new Set<string>();
  const stages = new Map<string, StageProfile>();
  if (r.shift.kind === 'noon-of-next-working-day') addConditions(anchors, facts, r.shift.unless);
  for (const rule of r.stages) {
    addClock(anchors, rule.clock);
    for (const c of rule.atLatest ?? []) addClock(anchors, c);
    addConditions(anchors, facts, rule.appliesWhen);
    for (const v of rule.variants ?? []) {
      addClock(anchors, v.clock);
      for (const c of v.atLatest ?? []) addClock(anchors, c);
      addConditions(anchors, facts, v.when);
    }
    if (rule.shift?.kind === 'noon-of-next-working-day') addConditions(anchors, facts, rule.shift.unless);
    const itemKeys = (rule.items ?? []).map(itemKey);
    stages.set(rule.stage, {
      rule,
      itemKeys,
      itemsRequired: itemKeys.length > 0 && (REQUIRED_ITEMS[r.id] ?? []).includes(rule.stage),
      startsOnRequest: rule.clock.anchor === 'intermediate-request',
    });
  }
  const tz = r.timeZone;
  return {
    regime: r,
    anchors,
    conditions: facts,
    stages,
    fixedZone: tz.kind === 'fixed' ? tz.zone : null,
    fallbackZone: tz.kind === 'entity' ? (tz.fallback ?? null) : null,
  };
}

const cache = new Map<string, RegimeProfile>();

/** The profile of an incident regime, built once per table. */
export function profileOf(id: IncidentRegimeId): RegimeProfile {
  let p = cache.get(id);
  if (p === undefined) {
    p = build(regime(id));
    cache.set(id, p);
  }
  return p;
}

/** The zone an incident's instants are shown in: the regime's fixed zone, else the entity's, else the regime's fallback, else UTC. */
export function displayZone(profile: RegimeProfile, timeZone: string | null): string {
  return profile.fixedZone ?? timeZone ?? profile.fallbackZone ?? 'UTC';
}
