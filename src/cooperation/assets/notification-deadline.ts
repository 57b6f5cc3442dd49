/**
 * The notification deadline of one asset under the ACD Act (`jp-act-assets` in the regimes table):
 * 4 months from its introduction, or 6 months from the operator's designation for a computer
 * introduced no later than 2 months after it.
 *
 * The introduction is a calendar day (Japan time), the act of introducing happening during it:
 * Civil Code Art. 140 does not count that first day, so the anchor is taken at noon of the day
 * (any instant after 0:00 gives the same end). The registry keeps no designation date: the
 * organisation's registry entry stands for it.
 *
 * Pure: no I/O.
 */
import { computeDeadlines, type DeadlineOptions, regime, type StageDeadline } from '../regimes/index.js';
import type { NotificationFact } from './asset-queries.js';

const ASSET_REGIME = regime('jp-act-assets');
const STAGE = 'asset-notification';
/** Noon in Japan (UTC+9, no daylight saving) is 03:00 UTC. */
const NOON_JST_UTC_MS = 3 * 3_600_000;

/** The instant standing for an introduction on `day` (`YYYY-MM-DD`, Japan time). */
export function introductionInstant(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) + NOON_JST_UTC_MS;
}

/** The notification deadline of `fact` at `now`. */
export function notificationDeadline(fact: Pick<NotificationFact, 'introducedOn' | 'organizationCreatedAt' | 'notifiedAt'>, now: number, options?: DeadlineOptions): StageDeadline {
  const facts = {
    anchors: { introduction: introductionInstant(fact.introducedOn), designation: fact.organizationCreatedAt },
    submissions: { [STAGE]: fact.notifiedAt ?? undefined },
  };
  const [deadline] = computeDeadlines(ASSET_REGIME, facts, now, options);
  if (deadline === undefined) throw new Error('jp-act-assets has no notification stage');
  return deadline;
}
