/** Builders of request input for tests, with the fields every request needs filled in. */

/** A request input for `action` in `caseId`, with a one-hour duration and a plain justification. */
export function requestInput(caseId: string, action: Record<string, unknown>, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    caseId,
    action,
    durationSeconds: 3600,
    justification: 'Botnet flood against a designated operator; sources identified by flow analysis.',
    harm: { life: 'none', body: 'none', property: 'low' },
    urgency: 'urgent',
    evidence: [{ kind: 'attack', ref: 'A1' }],
    ...over,
  };
}

/** The sources of the demo attack A1 (bots from the RFC 6598 lower half). */
export const BOTS = ['100.64.0.1', '100.64.0.2', '100.64.3.77'] as const;
