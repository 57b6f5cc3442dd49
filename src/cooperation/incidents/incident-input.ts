/**
 * Untrusted input of the incident service, checked against the regime it is for: which anchors
 * and condition flags the regime reads, its zone, its stages. Dates are checked against the clock
 * and the organisation's existence by the service (`checkDates`), which knows both.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { type NamedAnchor, ZoneClock } from '../regimes/index.js';
import { ERR_INCIDENT_DATE, ERR_INCIDENT_INVALID, ERR_INCIDENT_STAGE } from './errors.js';
import { INCIDENT_CATEGORIES, INCIDENT_REGIMES, type IncidentCategory, type IncidentLink, type IncidentRegimeId, LINK_KINDS } from './incident.js';
import { checkInstant, checkMap, checkObject, checkOneOf, checkText } from './input-checks.js';
import type { RegimeProfile, StageProfile } from './regime-profile.js';

/** Longest title, in characters. */
export const TITLE_MAX = 200;
/** Longest text of a request or order, in characters. */
export const REQUEST_TEXT_MAX = 4000;
/** Most links one call adds. */
export const LINKS_MAX = 100;

// The audit log's subject id syntax, so a link can be named in an audit entry as it is.
const REF = /^[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}$/;

/** An id-like reference (organisation id, link ref). */
export function checkRef(value: unknown, where: string): string {
  if (typeof value !== 'string' || !REF.test(value)) throw new ERR_INCIDENT_INVALID(where, 'expected an id (letters, digits and . _ : @ / -, at most 128)');
  return value;
}

/** Anchors and condition flags, checked against the regime: only those its clocks and conditions read. */
export interface CheckedFacts {
  /** An anchor set to null is to be removed (allowed only while no report was submitted). */
  readonly anchors: Readonly<Partial<Record<NamedAnchor, number | null>>>;
  readonly conditions: Readonly<Record<string, boolean>>;
}

/** Checks `anchors` and `conditions` maps for `profile`; `allowNull` lets an anchor be cleared. */
export function checkFacts(profile: RegimeProfile, anchors: unknown, conditions: unknown, allowNull: boolean): CheckedFacts {
  const outAnchors: Partial<Record<NamedAnchor, number | null>> = {};
  for (const [key, v] of Object.entries(anchors === undefined ? {} : checkMap(anchors, '/anchors'))) {
    if (!profile.anchors.has(key as NamedAnchor)) {
      throw new ERR_INCIDENT_INVALID(`/anchors/${key}`, `${profile.regime.id} reads only ${[...profile.anchors].join(', ')}`);
    }
    if (v === null && allowNull) outAnchors[key as NamedAnchor] = null;
    else outAnchors[key as NamedAnchor] = checkInstant(v, `/anchors/${key}`);
  }
  const outConditions: Record<string, boolean> = {};
  for (const [key, v] of Object.entries(conditions === undefined ? {} : checkMap(conditions, '/conditions'))) {
    if (!profile.conditions.has(key)) {
      const known = profile.conditions.size === 0 ? 'none' : [...profile.conditions].join(', ');
      throw new ERR_INCIDENT_INVALID(`/conditions/${key}`, `not a condition of ${profile.regime.id} (known: ${known})`);
    }
    if (typeof v !== 'boolean') throw new ERR_INCIDENT_INVALID(`/conditions/${key}`, 'expected true or false');
    outConditions[key] = v;
  }
  return { anchors: outAnchors, conditions: outConditions };
}

/**
 * The entity's time zone for `profile`: required (a known IANA zone, returned in its canonical
 * spelling) when the regime counts in the entity's zone without a fallback, optional with one,
 * refused for a regime with a fixed zone (its clocks would ignore it).
 */
export function checkTimeZone(profile: RegimeProfile, value: unknown): string | null {
  if (value === undefined || value === null) {
    if (profile.fixedZone === null && profile.fallbackZone === null) {
      throw new ERR_INCIDENT_INVALID('/timeZone', `${profile.regime.id} counts in the entity's time zone; give its IANA name (e.g. Europe/Berlin)`);
    }
    return null;
  }
  if (profile.fixedZone !== null) throw new ERR_INCIDENT_INVALID('/timeZone', `${profile.regime.id} counts in ${profile.fixedZone}; leave the time zone out`);
  if (typeof value !== 'string' || value.length > 64) throw new ERR_INCIDENT_INVALID('/timeZone', 'expected an IANA time zone name');
  ZoneClock.of(value); // SAKIMORI_ERR_REPORTING_TIME_ZONE for an unknown zone
  return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
}

/** The shape of a new incident, before the regime-specific checks. */
export interface CreateShape {
  readonly organizationId: string;
  readonly regime: IncidentRegimeId;
  readonly title: string;
  readonly category: IncidentCategory;
  readonly anchors: unknown;
  readonly conditions: unknown;
  readonly timeZone: unknown;
  readonly links: readonly IncidentLink[];
}

/** Checks the fields of a new incident that do not depend on its regime. */
export function checkCreateShape(value: unknown): CreateShape {
  const o = checkObject(value, '/', ['organizationId', 'regime', 'title', 'category', 'anchors', 'conditions', 'timeZone', 'links']);
  if (o.anchors === undefined) throw new ERR_INCIDENT_INVALID('/anchors', 'required: when the clocks started (e.g. awareness)');
  return {
    organizationId: checkRef(o.organizationId, '/organizationId'),
    regime: checkOneOf(o.regime, '/regime', INCIDENT_REGIMES),
    title: checkText(o.title, '/title', TITLE_MAX),
    category: checkOneOf(o.category, '/category', INCIDENT_CATEGORIES),
    anchors: o.anchors,
    conditions: o.conditions,
    timeZone: o.timeZone,
    links: o.links === undefined ? [] : checkLinks(o.links),
  };
}

/** Changes to an incident: absent fields stay as they are. */
export interface UpdateShape {
  readonly title?: string;
  readonly category?: IncidentCategory;
  readonly anchors?: unknown;
  readonly conditions?: unknown;
  readonly timeZone?: unknown;
}

/** Checks a change to an incident, before the regime-specific checks. */
export function checkUpdateShape(value: unknown): UpdateShape {
  const o = checkObject(value, '/', ['title', 'category', 'anchors', 'conditions', 'timeZone']);
  if (Object.keys(o).length === 0) throw new ERR_INCIDENT_INVALID('/', 'nothing to change');
  return {
    ...(o.title === undefined ? {} : { title: checkText(o.title, '/title', TITLE_MAX) }),
    ...(o.category === undefined ? {} : { category: checkOneOf(o.category, '/category', INCIDENT_CATEGORIES) }),
    ...(o.anchors === undefined ? {} : { anchors: o.anchors }),
    ...(o.conditions === undefined ? {} : { conditions: o.conditions }),
    ...('timeZone' in o ? { timeZone: o.timeZone } : {}),
  };
}

/** A list of links, without repeats (a repeat is refused, not merged: it is a caller's mistake). */
export function checkLinks(value: unknown): IncidentLink[] {
  if (!Array.isArray(value)) throw new ERR_INCIDENT_INVALID('/links', 'expected an array');
  if (value.length === 0) throw new ERR_INCIDENT_INVALID('/links', 'no links given');
  if (value.length > LINKS_MAX) throw new ERR_INCIDENT_INVALID('/links', `at most ${LINKS_MAX} links per call`);
  const seen = new Set<string>();
  return value.map((v, i) => {
    const o = checkObject(v, `/links/${i}`, ['kind', 'ref']);
    const link: IncidentLink = { kind: checkOneOf(o.kind, `/links/${i}/kind`, LINK_KINDS), ref: checkRef(o.ref, `/links/${i}/ref`) };
    const key = `${link.kind} ${link.ref}`;
    if (seen.has(key)) throw new ERR_INCIDENT_INVALID(`/links/${i}`, `repeats ${link.kind} ${link.ref}`);
    seen.add(key);
    return link;
  });
}

/** The stage `name` of `profile`; {@link ERR_INCIDENT_STAGE} for any other. */
export function checkStage(profile: RegimeProfile, name: unknown): StageProfile {
  const stage = typeof name === 'string' ? profile.stages.get(name) : undefined;
  if (stage === undefined) throw new ERR_INCIDENT_STAGE(JSON.stringify(name), profile.regime.id, `not a stage (known: ${[...profile.stages.keys()].join(', ')})`);
  return stage;
}

/** A regulator's request or order, checked. */
export interface RequestShape {
  readonly stage: string;
  readonly text: string;
  readonly dueAt: number | null;
}

/**
 * Checks an information request (`dueAt` optional) or a correction order (`deadline` required);
 * a due instant must lie after `now`.
 */
export function checkRequestShape(value: unknown, kind: 'information' | 'correction-order', now: number): RequestShape {
  const dueKey = kind === 'information' ? 'dueAt' : 'deadline';
  const o = checkObject(value, '/', ['stage', 'text', dueKey]);
  if (typeof o.stage !== 'string') throw new ERR_INCIDENT_INVALID('/stage', 'expected a stage name');
  const text = checkText(o.text, '/text', REQUEST_TEXT_MAX, true);
  const raw = o[dueKey];
  if (raw === undefined && kind === 'correction-order') throw new ERR_INCIDENT_INVALID(`/${dueKey}`, 'a correction order needs a deadline');
  const dueAt = raw === undefined || raw === null ? null : checkInstant(raw, `/${dueKey}`);
  if (dueAt !== null && dueAt <= now) throw new ERR_INCIDENT_DATE(dueKey, `${new Date(dueAt).toISOString()} is not in the future`);
  return { stage: o.stage, text, dueAt };
}
