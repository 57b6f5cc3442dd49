/**
 * The release decision for the indicator of a sighting: a sighting tells its organisation that one
 * of its hosts talked to an indicator, and the indicator (its address, its label) is intelligence
 * that may be marked. Every exit of a sighting to someone outside the office — the console and the
 * API for operators and regulators, their live feed, event outputs (JSON lines, exec, webhook),
 * the organisation's STIX sightings collection — asks here and sends the indicator only when the
 * release policy allows it; otherwise the sighting goes with its indicator withheld (or not at all).
 *
 * Decision: an indicator compiled from STIX is decided on the markings and audience of the STIX
 * indicator it came from, as the flow matcher holds them now (`IndicatorSet.get`); a sighting of a
 * STIX indicator no longer in the matcher is withheld (its markings are unknown: fails closed).
 * Indicators from files and the CLI are the office's own configuration and carry no marking.
 *
 * Security invariant (enforced here): no indicator compiled from a marked STIX indicator reaches a
 * recipient its TLP and MISP distribution do not allow — TLP:RED never leaves over a channel that
 * is not person to person, TLP:AMBER never outside its audience.
 */
import { ALLOWED, type Channel, decideLevel, denied, type Recipient, type ReleaseDecision } from '../../stix/marking/index.js';
import type { Indicator } from '../indicator.js';
import type { OrganizationId } from '../../core/ids.js';
import type { Sighting, SightingIndicator } from '../sighting.js';
import { STIX_SOURCE } from '../stix-indicators/stix-indicator-sync.js';

/** What a withheld indicator reads as. */
export const WITHHELD_INDICATOR = '[withheld]';

/** The release gate of sightings' indicators. */
export interface SightingRelease {
  /** May the indicator of a sighting go to `recipient` over `channel`? */
  decide(indicator: Pick<SightingIndicator, 'key' | 'source'>, recipient: Recipient, channel: Channel): ReleaseDecision;
  /** The STIX indicator the sighting's flow indicator was compiled from, if it was. */
  stixIdOf(indicator: Pick<SightingIndicator, 'key'>): string | undefined;
  /** `sighting` as `recipient` may receive it: as it is, or with its indicator withheld. */
  view<T extends { readonly indicator: SightingIndicator }>(sighting: T, recipient: Recipient, channel: Channel): T;
}

/** Creates the gate over the live indicator set. */
export function createSightingRelease(indicators: { get(key: string): Indicator | undefined }): SightingRelease {
  const decide = (indicator: Pick<SightingIndicator, 'key' | 'source'>, recipient: Recipient, channel: Channel): ReleaseDecision => {
    const live = indicators.get(indicator.key);
    const release = live?.release;
    if (release === undefined) {
      // Not from STIX now: allowed unless the sighting was of a STIX indicator that has left.
      return indicator.source === STIX_SOURCE || live?.source === STIX_SOURCE ? denied('INDICATOR_WITHDRAWN') : ALLOWED;
    }
    if (release.level === null) return denied('UNKNOWN_MARKING', release.stixId);
    return decideLevel(release.level, release.context, recipient, channel);
  };
  return {
    decide,
    stixIdOf: (indicator) => indicators.get(indicator.key)?.release?.stixId,
    view(sighting, recipient, channel) {
      if (decide(sighting.indicator, recipient, channel).allowed) return sighting;
      const { kind, source } = sighting.indicator;
      return { ...sighting, indicator: { key: WITHHELD_INDICATOR, value: WITHHELD_INDICATOR, label: null, kind, source } };
    },
  };
}

/** The release channel of each event output (`events` section). */
export const EVENT_OUTPUT_CHANNELS = { file: 'event-jsonl', exec: 'exec', webhook: 'webhook' } as const satisfies Record<string, Channel>;

/**
 * The release of bus messages through the event outputs: the outputs are the office's own
 * integrations, so the recipient is the office; but none of them is person to person, so TLP:RED
 * indicators leave withheld. Messages other than sightings pass as they are.
 */
export function eventOutputRelease(
  release: SightingRelease,
  office: OrganizationId,
): <M extends { readonly subject: string; readonly data: unknown }>(m: M, output: keyof typeof EVENT_OUTPUT_CHANNELS) => M {
  const recipient: Recipient = { kind: 'group', groupId: 'office', memberOrganisationIds: [office] };
  return (m, output) => {
    if (!m.subject.startsWith('sighting.')) return m;
    const data = m.data as Sighting;
    const out = release.view(data, recipient, EVENT_OUTPUT_CHANNELS[output]);
    return out === data ? m : { ...m, data: out };
  };
}
