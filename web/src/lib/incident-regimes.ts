/**
 * What the "Open an incident" form asks for under each reporting regime: the instants its clocks
 * start from, the conditions it reads, whether it counts in the entity's time zone — the console's
 * copy of what the incident service reads from the regime tables (`regime-profile.ts`), checked
 * against it by `incident-regimes.test.ts`. Also the key of a report item (the server's `itemKey`).
 *
 * Pure: no DOM, no I/O.
 */
import type { IncidentRegime } from '../api/types.js';

/** One instant the form asks for. */
export interface AnchorField {
  readonly name: string;
  readonly label: string;
  readonly hint?: string;
  /** Every incident of the regime has it. */
  readonly required: boolean;
}

/** One condition flag the form offers. */
export interface ConditionField {
  readonly name: string;
  readonly label: string;
}

/** A regime as the form presents it. */
export interface RegimeForm {
  readonly name: string;
  /** Counts in Japan time (fixed zone): instants are entered in JST, no zone asked. */
  readonly japan: boolean;
  /** The entity's IANA zone: required (EU), optional with a fallback (CIRCIA: America/New_York), or not asked. */
  readonly zone: 'required' | 'optional' | 'none';
  readonly anchors: readonly AnchorField[];
  readonly conditions: readonly ConditionField[];
}

const AWARENESS: AnchorField = { name: 'awareness', label: 'Became aware', required: true };

/** The regimes in the order of `INCIDENT_REGIMES`. */
export const REGIME_FORMS: Readonly<Record<IncidentRegime, RegimeForm>> = {
  'jp-act': { name: 'ACD Act incident report (特定侵害事象等の報告)', japan: true, zone: 'none', anchors: [AWARENESS], conditions: [] },
  'jp-appi': {
    name: 'APPI personal-data breach report (漏えい等報告)',
    japan: true,
    zone: 'none',
    anchors: [AWARENESS],
    conditions: [{ name: 'malicious', label: 'Caused by a malicious act (60-day confirmed report)' }],
  },
  'eu-nis2': {
    name: 'NIS2 significant-incident reporting',
    japan: false,
    zone: 'required',
    anchors: [AWARENESS, { name: 'handled', label: 'Handling concluded', hint: 'Starts the final report’s month when the incident was ongoing.', required: false }],
    conditions: [
      { name: 'trust-service-provider', label: 'Trust service provider (notification within 24 h)' },
      { name: 'ongoing-at-final', label: 'Still ongoing when the final report is due' },
    ],
  },
  'eu-dora': {
    name: 'DORA major ICT-related incident reporting',
    japan: false,
    zone: 'required',
    anchors: [AWARENESS, { name: 'classification', label: 'Classified as major', hint: 'The initial notification is due 4 h after, and at the latest 24 h after awareness.', required: false }],
    conditions: [{ name: 'no-weekend-relief', label: 'No weekend relief (entities of Art. 5(5)–(6))' }],
  },
  'us-circia': {
    name: 'CIRCIA covered cyber incident and ransom payment reports',
    japan: false,
    zone: 'optional',
    anchors: [
      { name: 'reasonable-belief', label: 'Reasonably believed a covered incident occurred', required: false },
      { name: 'payment', label: 'Ransom paid', hint: 'The ransom payment report is due 24 h after.', required: false },
      { name: 'new-information', label: 'Substantial new information', required: false },
    ],
    conditions: [],
  },
  'eu-cra': {
    name: 'Cyber Resilience Act vulnerability and incident reporting',
    japan: false,
    zone: 'required',
    anchors: [AWARENESS, { name: 'corrective-measure', label: 'Corrective measure available', hint: 'Starts the vulnerability final report’s 14 days.', required: false }],
    conditions: [
      { name: 'actively-exploited-vulnerability', label: 'Actively exploited vulnerability' },
      { name: 'severe-incident', label: 'Severe incident' },
    ],
  },
};

/** True when `regime` counts in Japan time (the `jp-*` regimes). */
export function isJapanRegime(regime: string): boolean {
  return regime.startsWith('jp-');
}

/**
 * The key of a report item in `items`: the English gloss in the label's last parentheses,
 * kebab-cased, without a leading "the" (`'特定侵害事象等の概要 (overview of the event)'` →
 * `overview-of-the-event`); `item-<n>` (1-based) when the label has none. The server's rule.
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
