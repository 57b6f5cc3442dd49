/**
 * Everything about the regimes but the clocks themselves (those are the table in clocks.test.ts):
 * lateness figures, the integrity of every built-in table, errors, local-time edge cases, a
 * regime added as data only, and the speed of re-evaluating many incidents.
 */
import { describe, expect, it } from 'vitest';
import { isSakimoriError } from '../../core/errors.js';
import { dayNumber, daysInMonth, packedDate, parseDate } from './civil-date.js';
import { checkRegime, computeDeadlines, defineRegime, formatLateness, lateBySeconds, localIso, NAMED_ANCHORS, REGIMES, type Regime, regime, workingCalendar, ZoneClock } from './index.js';

const at = Date.parse;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return isSakimoriError(e) ? e.code : `not a SakimoriError: ${String(e)}`;
  }
  return undefined;
}

describe('lateness', () => {
  it('counts the full span in whole seconds: 25 h late is 90 000 s', () => {
    expect(lateBySeconds(at('2026-03-31T15:00:00Z'), at('2026-04-01T16:00:00Z'))).toBe(90_000);
    expect(lateBySeconds(at('2026-03-31T15:00:00Z'), at('2026-05-01T15:00:00Z'))).toBe(31 * 86_400);
  });

  it('is on time exactly at the due instant, and any late millisecond is a second', () => {
    const due = at('2026-03-31T15:00:00Z');
    expect(lateBySeconds(due, due)).toBe(0);
    expect(Object.is(lateBySeconds(due, due - 400), 0)).toBe(true);
    expect(lateBySeconds(due, due + 1)).toBe(1);
    expect(lateBySeconds(due, due - 5000)).toBe(-5);
  });

  it.each([
    [90_000, '1 d 1 h 0 min 0 s late'],
    [1, '1 s late'],
    [61, '1 min 1 s late'],
    [3600, '1 h 0 min 0 s late'],
    [3 * 86_400 + 59, '3 d 0 h 0 min 59 s late'],
    [0, 'on time'],
    [-30, 'on time'],
  ])('%i s → %s', (seconds, text) => {
    expect(formatLateness(seconds)).toBe(text);
  });
});

describe('the built-in tables', () => {
  const all = Object.entries(REGIMES) as [string, Regime][];
  const named: ReadonlySet<string> = new Set(NAMED_ANCHORS);

  it.each(all)('%s keeps every rule of the model', (id, r) => {
    expect(r.id).toBe(id);
    expect(checkRegime(r)).toEqual([]);
  });

  it.each(all)('%s: every row and variant cites the law, and no stage is listed twice', (_, r) => {
    const stages = r.stages.map((s) => s.stage);
    expect(new Set(stages).size).toBe(stages.length);
    for (const s of r.stages) {
      expect(s.legalRef.trim(), s.stage).not.toBe('');
      for (const v of s.variants ?? []) expect(v.legalRef.trim(), s.stage).not.toBe('');
    }
    expect(r.periodRuleRef.trim()).not.toBe('');
    expect(r.nonWorkingDays.legalRef.trim()).not.toBe('');
  });

  it.each(all)('%s: every anchor is a known event or an earlier stage', (_, r) => {
    const earlier = new Set<string>();
    for (const s of r.stages) {
      const clocks = [s.clock, ...(s.atLatest ?? []), ...(s.variants ?? []).flatMap((v) => [v.clock, ...(v.atLatest ?? [])])];
      for (const c of clocks) {
        const stage = /^(?:last-)?submitted:(.+)$/.exec(c.anchor)?.[1];
        expect(stage === undefined ? named.has(c.anchor) : earlier.has(stage), `${s.stage}: ${c.anchor}`).toBe(true);
      }
      earlier.add(s.stage);
    }
  });

  it('carries the ACD Act’s 7 items on the written report', () => {
    const written = REGIMES['jp-act'].stages.find((s) => s.stage === 'written-report');
    expect(written?.items).toHaveLength(7);
  });

  it('is frozen: the law cannot be changed at run time', () => {
    const r = REGIMES['eu-nis2'];
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.stages)).toBe(true);
    expect(Object.isFrozen(r.stages[0]?.clock.period)).toBe(true);
  });
});

describe('checkRegime', () => {
  const base = REGIMES['eu-nis2'];

  it('names each problem of a broken table, and the engine refuses it', () => {
    const broken = {
      ...base,
      id: 'broken',
      stages: [
        { stage: 'a', title: 'A', clock: { anchor: 'submitted:b', period: { unit: 'hours', amount: 24 } }, legalRef: 'x' },
        { stage: 'b', title: 'B', clock: { anchor: 'awareness', period: { unit: 'days', amount: 0 } }, legalRef: '' },
        { stage: 'b', title: 'B again', clock: { anchor: 'sunrise', period: { unit: 'hours', amount: 1 } }, legalRef: 'y' },
      ],
    } as unknown as Regime;
    const problems = checkRegime(broken);
    expect(problems).toEqual(
      expect.arrayContaining([
        'broken stage a: clock anchor submitted:b is neither a known event nor an earlier stage',
        'broken stage b: no legalRef',
        'broken stage b clock: amount must be a positive integer',
        'broken stage b: stage listed twice',
        'broken stage b: clock anchor sunrise is neither a known event nor an earlier stage',
      ]),
    );
    expect(codeOf(() => computeDeadlines(broken, { anchors: {}, timeZone: 'Europe/Berlin' }, 0))).toBe('SAKIMORI_ERR_REPORTING_REGIME_INVALID');
  });

  it('refuses days in an hours-only regime and the APPI day count outside Japan', () => {
    const circia = REGIMES['us-circia'];
    const withDays = { ...circia, stages: [{ ...circia.stages[0]!, clock: { anchor: 'payment', period: { unit: 'days', amount: 1 } } }] } as Regime;
    expect(checkRegime(withDays)).toEqual(['us-circia stage incident-report clock: days in an hours-only regime: give it a rule for days and months']);
    const included = { ...base, stages: [{ ...base.stages[0]!, clock: { anchor: 'awareness', period: { unit: 'days', amount: 3 }, firstDay: 'included' } }] } as Regime;
    expect(checkRegime(included)).toEqual(['eu-nis2 stage early-warning: firstDay "included" counts calendar days under the Japanese rule only']);
  });
});

describe('a new regime is a table, not code', () => {
  const GDPR = defineRegime({
    id: 'eu-gdpr',
    name: 'GDPR personal data breach notification',
    jurisdiction: 'EU',
    timeZone: { kind: 'entity' },
    periodRule: 'eu-1182/71',
    periodRuleRef: 'Regulation (EEC, Euratom) No 1182/71 Art. 3',
    nonWorkingDays: { weekdays: [0, 6], annual: [], legalRef: '1182/71 Art. 3(4)' },
    shift: { kind: 'end-of-next-working-day', legalRef: '1182/71 Art. 3(4)' },
    stages: [
      {
        stage: 'notification',
        title: 'Notification to the supervisory authority',
        clock: { anchor: 'awareness', period: { unit: 'hours', amount: 72 } },
        legalRef: 'Regulation (EU) 2016/679 Art. 33(1)',
      },
    ],
  });

  it('runs on the same engine', () => {
    const [n] = computeDeadlines(GDPR, { anchors: { awareness: at('2026-03-27T10:00:00+01:00') }, timeZone: 'Europe/Lisbon' }, at('2026-03-27T12:00:00Z'));
    expect(n).toMatchObject({ stage: 'notification', state: 'open', dueAt: at('2026-03-30T09:00:00Z'), dueLocal: '2026-03-30T10:00:00+01:00', legalRef: 'Regulation (EU) 2016/679 Art. 33(1)' });
  });
});

describe('computeDeadlines', () => {
  it('needs the entity’s time zone for EU regimes, and a real one', () => {
    expect(codeOf(() => computeDeadlines(regime('eu-nis2'), { anchors: {} }, 0))).toBe('SAKIMORI_ERR_REPORTING_TIME_ZONE');
    expect(codeOf(() => computeDeadlines(regime('eu-nis2'), { anchors: {}, timeZone: 'Europe/Atlantis' }, 0))).toBe('SAKIMORI_ERR_REPORTING_TIME_ZONE');
  });

  it('knows only the built-in regimes by id', () => {
    expect(codeOf(() => regime('xx-none'))).toBe('SAKIMORI_ERR_REPORTING_REGIME_UNKNOWN');
    expect(codeOf(() => workingCalendar(['2026-02-30']))).toBe('SAKIMORI_ERR_REPORTING_CALENDAR_DATE');
  });

  it('takes a due date an authority set, and an expectation the operator chose', () => {
    const facts = {
      anchors: { awareness: at('2026-03-02T09:30:00+01:00'), 'intermediate-request': at('2026-03-04T09:00:00+01:00') },
      dueSetByAuthority: { 'intermediate-report': at('2026-03-06T17:00:00+01:00') },
      timeZone: 'Europe/Berlin',
    };
    const inter = computeDeadlines(regime('eu-nis2'), facts, at('2026-03-04T10:00:00Z')).find((d) => d.stage === 'intermediate-report');
    expect(inter).toMatchObject({ basis: 'set-by-authority', dueAt: at('2026-03-06T16:00:00Z'), dueLocal: '2026-03-06T17:00:00+01:00', state: 'open' });
    const [prompt] = computeDeadlines(regime('jp-act'), { anchors: { awareness: at('2026-03-01T10:00:00+09:00') } }, 0, { expectationHours: { 'prompt-report': 2 } });
    expect(prompt).toMatchObject({ basis: 'expectation', dueAt: at('2026-03-01T12:00:00+09:00') });
  });

  it('marks the states along one clock: open, due-soon, overdue with its lateness so far', () => {
    const facts = { anchors: { 'reasonable-belief': at('2026-03-02T15:00:00Z') } };
    const state = (now: string) => computeDeadlines(regime('us-circia'), facts, at(now))[0];
    expect(state('2026-03-04T15:00:00Z')?.state).toBe('open');
    expect(state('2026-03-05T00:00:00Z')?.state).toBe('due-soon');
    expect(state('2026-03-05T15:00:00Z')?.state).toBe('due-soon');
    expect(state('2026-03-06T16:00:00Z')).toMatchObject({ state: 'overdue', lateBySeconds: 90_000 });
  });
});

describe('local time', () => {
  const berlin = ZoneClock.of('Europe/Berlin');

  it('renders the end of a calendar day as 24:00 of that day', () => {
    expect(localIso(at('2026-03-31T15:00:00Z'), 'Asia/Tokyo', true)).toBe('2026-03-31T24:00:00+09:00');
    expect(localIso(at('2026-03-31T15:00:00Z'), 'Asia/Tokyo')).toBe('2026-04-01T00:00:00+09:00');
    expect(localIso(at('2026-03-02T04:30:00.250Z'), 'America/New_York')).toBe('2026-03-01T23:30:00.250-05:00');
  });

  it('resolves wall times in a DST gap forward and in an overlap to the earlier instant', () => {
    const wall = (iso: string) => Date.parse(`${iso}Z`);
    expect(new Date(berlin.wallToInstant(wall('2026-03-29T02:30:00'))).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(new Date(berlin.wallToInstant(wall('2026-10-25T02:30:00'))).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(new Date(berlin.startOfDay(dayNumber(2026, 3, 29))).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(berlin.startOfDay(dayNumber(2026, 3, 30))).toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it.each(['Europe/Berlin', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'America/Sao_Paulo', 'Pacific/Chatham', 'Asia/Kathmandu'])(
    '%s: the offset table agrees with ICU at every sampled instant',
    (zone) => {
      const icu = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
      const icuOffset = (t: number): number => {
        const name = icu.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '';
        const m = /GMT(?:([+-])(\d\d):(\d\d))?/.exec(name);
        return m?.[1] === undefined ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3_600_000 + Number(m[3]) * 60_000);
      };
      const clock = ZoneClock.of(zone);
      const wrong: string[] = [];
      // Every 7 h 13 min from 2015 to 2031, plus both sides of every quarter hour near each change.
      for (let t = at('2015-01-01T00:00:00Z'); t < at('2031-01-01T00:00:00Z'); t += 26_000_000) {
        if (clock.offsetAt(t) !== icuOffset(t)) wrong.push(new Date(t).toISOString());
        if (icuOffset(t) !== icuOffset(t + 26_000_000)) {
          for (let q = Math.floor(t / 900_000) * 900_000; q <= t + 26_000_000; q += 900_000) {
            for (const x of [q - 1, q]) if (clock.offsetAt(x) !== icuOffset(x)) wrong.push(new Date(x).toISOString());
          }
        }
      }
      expect(wrong).toEqual([]);
    },
  );

  it('counts a local day across the change in the offset', () => {
    expect(berlin.localDay(at('2026-03-28T23:30:00Z'))).toBe(dayNumber(2026, 3, 29));
    expect(berlin.offsetAt(at('2026-03-29T00:59:59Z'))).toBe(3_600_000);
    expect(berlin.offsetAt(at('2026-03-29T01:00:00Z'))).toBe(7_200_000);
  });
});

describe('civil dates', () => {
  it('round-trips every day from 1900 to 2200', () => {
    const wrong: number[] = [];
    for (let d = dayNumber(1900, 1, 1); d <= dayNumber(2200, 12, 31); d += 1) {
      const p = packedDate(d);
      if (dayNumber(Math.floor(p / 10_000), Math.floor(p / 100) % 100, p % 100) !== d) wrong.push(d);
    }
    expect(wrong).toEqual([]);
  });

  it('knows Gregorian leap years and rejects impossible dates', () => {
    expect([daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2028, 2), daysInMonth(2026, 2)]).toEqual([28, 29, 29, 28]);
    expect(parseDate('2028-02-29')).toBe(dayNumber(2028, 2, 29));
    expect(parseDate('2026-02-29')).toBeUndefined();
    expect(parseDate('2026-13-01')).toBeUndefined();
  });
});
