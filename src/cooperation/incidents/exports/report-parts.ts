/**
 * What every export reads of an incident's reports: a stage's versions in order, the one to
 * render, its items as numbered rows (key, Japanese label, English gloss, text), and instants and
 * lateness as people read them.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { formatLateness } from '../../regimes/index.js';
import type { ReportVersion } from '../incident.js';
import type { StageView } from '../incident-view.js';
import { itemKey } from '../regime-profile.js';

/** Versions of `stage`, oldest first. */
export function versionsOf(versions: readonly ReportVersion[], stage: string): ReportVersion[] {
  return versions.filter((v) => v.stage === stage).sort((a, b) => a.version - b.version);
}

/** Version `version` of `stage`, or its latest when `version` is undefined; null when there is none. */
export function pickVersion(versions: readonly ReportVersion[], stage: string, version?: number): ReportVersion | null {
  const of = versionsOf(versions, stage);
  return (version === undefined ? of.at(-1) : of.find((v) => v.version === version)) ?? null;
}

/** One item of a stage as a numbered row of a form. */
export interface ItemRow {
  /** 1-based, in table order: the ordinance's 号 for the ACD Act's written report. */
  readonly no: number;
  /** The key reports store the item under (see `itemKey`). */
  readonly key: string;
  /** The label before its parenthesised gloss (`報告の区分`), or the whole label when it has none. */
  readonly label: string;
  /** The parenthesised English gloss (`category of the report`), or null. */
  readonly gloss: string | null;
  /** The submitted text, or null when the item was left empty (or nothing was submitted). */
  readonly text: string | null;
}

/** Splits a table label `'報告の区分 (category of the report)'` into its label and gloss. */
export function splitLabel(label: string): { readonly label: string; readonly gloss: string | null } {
  const m = /^(.*?)\s*\(([^()]*)\)\s*$/.exec(label);
  return m === null ? { label, gloss: null } : { label: m[1] ?? label, gloss: m[2] ?? null };
}

/** The stage's items, in table order, with the text `version` gives each (null for none). */
export function itemRows(stage: Pick<StageView, 'items'>, version: ReportVersion | null): ItemRow[] {
  return stage.items.map((full, i) => {
    const key = itemKey(full, i);
    const { label, gloss } = splitLabel(full);
    return { no: i + 1, key, label, gloss, text: version?.content.items?.[key] ?? null };
  });
}

/** UTC ISO 8601 (`2026-10-05T01:00:00.000Z`), or null. */
export function utcIso(at: number | null | undefined): string | null {
  return at === null || at === undefined ? null : new Date(at).toISOString();
}

/** Lateness for people with its exact figure: `"1 d 1 h 0 min 0 s late (90000 s)"`, `"on time"`, or null when nothing was due. */
export function latenessText(seconds: number | null): string | null {
  if (seconds === null) return null;
  return seconds > 0 ? `${formatLateness(seconds)} (${seconds} s)` : formatLateness(seconds);
}
