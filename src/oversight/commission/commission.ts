/**
 * The commission's own records: inspections of how data is handled, and the notices, demands and
 * recommendations it issues, each followed up until closed.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { ERR_OVERSIGHT_INVALID_INPUT, ERR_OVERSIGHT_TRANSITION } from '../errors.js';

/** Where an inspection stands. */
export type InspectionState = 'open' | 'closed';

/** An inspection. */
export interface Inspection {
  readonly id: string;
  readonly title: string;
  /** What is inspected: a unit, a data class, a period, a case. */
  readonly scope: string;
  readonly state: InspectionState;
  readonly findings: string | null;
  readonly openedBy: string;
  readonly openedAt: number;
  readonly closedBy: string | null;
  readonly closedAt: number | null;
  readonly updatedAt: number;
}

/** Kinds of directive. */
export const DIRECTIVE_KINDS = ['notice', 'demand', 'recommendation'] as const;
/** A kind of directive. */
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

/** Follow-up states of a directive. */
export const DIRECTIVE_STATES = ['issued', 'acknowledged', 'in_progress', 'implemented', 'not_implemented', 'closed'] as const;
/** A follow-up state. */
export type DirectiveState = (typeof DIRECTIVE_STATES)[number];

/**
 * Follow-up moves: the addressee acknowledges, works on it, reports it implemented or not; the
 * commission closes it (or takes it up again when a refusal is contested).
 */
const MOVES: Readonly<Record<DirectiveState, readonly DirectiveState[]>> = {
  issued: ['acknowledged', 'in_progress', 'implemented', 'not_implemented', 'closed'],
  acknowledged: ['in_progress', 'implemented', 'not_implemented', 'closed'],
  in_progress: ['implemented', 'not_implemented', 'closed'],
  implemented: ['closed', 'in_progress'],
  not_implemented: ['in_progress', 'closed'],
  closed: [],
};

/** Throws {@link ERR_OVERSIGHT_TRANSITION} unless the follow-up move is allowed. */
export function checkDirectiveMove(from: DirectiveState, to: DirectiveState): void {
  if (!MOVES[from].includes(to)) throw new ERR_OVERSIGHT_TRANSITION('a directive', from, to);
}

/** A notice, demand or recommendation. */
export interface Directive {
  readonly id: string;
  readonly kind: DirectiveKind;
  readonly inspectionId: string | null;
  /** Who must act: a unit or organisation, by name or id. */
  readonly addressee: string;
  readonly subject: string;
  readonly body: string;
  readonly state: DirectiveState;
  readonly dueAt: number | null;
  readonly issuedBy: string;
  readonly issuedAt: number;
  readonly updatedAt: number;
  readonly closedAt: number | null;
}

/** One follow-up step. */
export interface DirectiveEvent {
  readonly id: string;
  readonly directiveId: string;
  readonly state: DirectiveState;
  readonly note: string;
  readonly actor: string;
  readonly at: number;
}

/** Checks free text: trimmed, 1..max characters, no control characters except newlines and tabs. */
export function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw new ERR_OVERSIGHT_INVALID_INPUT(`${field} must be text`);
  const v = value.trim();
  if (v.length === 0 || v.length > max) throw new ERR_OVERSIGHT_INVALID_INPUT(`${field} must be 1–${max} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(v)) throw new ERR_OVERSIGHT_INVALID_INPUT(`${field} holds control characters`);
  return v;
}
