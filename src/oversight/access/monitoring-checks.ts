/**
 * The excessive-monitoring checks run after each granted read: a user reading far more than
 * their own norm, and a person looked up again and again across cases. Both raise flags for the
 * commission; neither refuses the read (it was in scope — the pattern is for people to judge).
 */
import type { PersonalKind } from '../../core/audit-event.js';
import type { AccessConfig } from '../config.js';
import type { FlagStore } from '../flags/flag-store.js';
import { raiseFlag, type FlagAudit } from '../flags/raise-flag.js';
import type { AccessRecordStore } from './access-record-store.js';

const DAY = 86_400_000;

/** What the checks need. */
export interface CheckContext {
  readonly config: AccessConfig;
  readonly records: AccessRecordStore;
  readonly flags: FlagStore;
  readonly audit: FlagAudit;
  readonly now: number;
}

/**
 * Volume: rows the user read in the last 24 h against their rolling baseline, the daily average
 * over the `baselineDays` before that. A new user's baseline is 0, so only `volumeMinRows` applies.
 * At most one open flag per user and UTC day.
 */
export async function checkVolume(ctx: CheckContext, userId: string, q: { caseId: string; resource: string }, accessId: string, rows: number): Promise<void> {
  if (rows === 0) return;
  const { volumeFactor, volumeMinRows, baselineDays } = ctx.config;
  const dayStart = ctx.now - DAY;
  const recent = await ctx.records.rowsRead(userId, dayStart, ctx.now + 1);
  const before = await ctx.records.rowsRead(userId, dayStart - baselineDays * DAY, dayStart);
  const baseline = before / baselineDays;
  const threshold = Math.max(volumeMinRows, volumeFactor * baseline);
  if (recent <= threshold) return;
  const day = new Date(ctx.now).toISOString().slice(0, 10);
  await raiseFlag(ctx.flags, ctx.audit, {
    kind: 'volume',
    userId,
    caseId: q.caseId,
    dedupeKey: `volume:${userId}:${day}`,
    details: { resource: q.resource, rows_24h: recent, baseline_per_day: Math.round(baseline), threshold: Math.round(threshold), factor: volumeFactor },
    accessId,
  });
}

/**
 * Repeated look-ups: a person (keyed hash) looked up in `repeatCases` or more distinct cases within
 * `repeatWindowDays`. One unresolved flag per person.
 */
export async function checkRepeatedLookups(
  ctx: CheckContext,
  userId: string,
  q: { caseId: string; resource: string },
  accessId: string,
  personal: readonly { kind: PersonalKind; value: string }[],
  macs: readonly string[],
): Promise<void> {
  if (macs.length === 0) return;
  const since = ctx.now - ctx.config.repeatWindowDays * DAY;
  const repeated = await ctx.records.repeatedLookups(macs, since, ctx.config.repeatCases);
  for (const [mac, cases] of repeated) {
    const i = macs.indexOf(mac);
    await raiseFlag(
      ctx.flags,
      ctx.audit,
      {
        kind: 'repeated_lookup',
        userId,
        caseId: q.caseId,
        dedupeKey: `repeat:${mac}`,
        details: { resource: q.resource, cases, window_days: ctx.config.repeatWindowDays, person: mac },
        accessId,
      },
      i >= 0 ? [personal[i]!] : [],
    );
  }
}
