import { describe, expect, it } from 'vitest';
import { notificationDeadline } from './notification-deadline.js';

const at = (iso: string) => Date.parse(iso);
/** Designated long before: the 4-month rule applies. */
const DESIGNATED = at('2026-01-05T01:00:00Z');

describe('asset notification deadline (ACD Act, jp-act-assets)', () => {
  it('falls due 4 months after the day of introduction, at the end of the day in Japan, first day not counted', () => {
    const d = notificationDeadline({ introducedOn: '2026-10-15', organizationCreatedAt: DESIGNATED, notifiedAt: null }, at('2026-11-01T00:00:00Z'));
    expect(d.state).toBe('open');
    // Civil Code Arts. 140, 143: from 10-16, 4 months end with 2027-02-15 (a Monday), 24:00 JST.
    expect(new Date(d.dueAt!).toISOString()).toBe('2027-02-15T15:00:00.000Z');
  });

  it('gives 6 months from designation to a computer introduced within 2 months of it', () => {
    const designated = at('2026-10-01T01:00:00Z');
    const d = notificationDeadline({ introducedOn: '2026-11-20', organizationCreatedAt: designated, notifiedAt: null }, at('2026-11-21T00:00:00Z'));
    expect(new Date(d.dueAt!).toISOString()).toBe('2027-04-01T15:00:00.000Z');
  });

  it('says overdue after the day, and late by the full span when notified later', () => {
    const overdue = notificationDeadline({ introducedOn: '2026-06-01', organizationCreatedAt: DESIGNATED, notifiedAt: null }, at('2026-12-06T00:00:00Z'));
    expect(overdue.state).toBe('overdue');
    const late = notificationDeadline({ introducedOn: '2026-06-01', organizationCreatedAt: DESIGNATED, notifiedAt: overdue.dueAt! + 25 * 3600_000 }, at('2026-12-06T00:00:00Z'));
    expect(late).toMatchObject({ state: 'submitted-late', lateBySeconds: 90_000 });
  });
});
