/**
 * EU, DORA (Regulation (EU) 2022/2554) Art. 19(4) with the RTS on incident reporting (Commission
 * Delegated Regulation (EU) 2025/301) Art. 5: major ICT-related incidents — initial notification
 * within 4 h of classification as major and at the latest 24 h of awareness, intermediate report
 * within 72 h of the initial notification, final report within one month of the latest updated
 * intermediate report. A limit on a weekend or bank holiday may be met by 12:00 of the next
 * working day, except initial and intermediate reports of the entities Art. 5(5)–(6) name.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';
import { EU_NON_WORKING_DAYS, EU_PERIOD_RULE_REF } from './european-union.js';

const NOON = 'Delegated Regulation (EU) 2025/301 Art. 5(4) (weekend or bank holiday: by 12:00 of the next working day)';

/** Art. 5(5)–(6): credit institutions, CCPs, trading venues, NIS2 essential or important entities, entities declared significant or systemic. */
const NO_WEEKEND_RELIEF = [{ fact: 'no-weekend-relief' }];

/** DORA major-incident reports. */
export const EU_DORA = defineRegime({
  id: 'eu-dora',
  name: 'DORA major ICT-related incident reporting',
  jurisdiction: 'EU',
  timeZone: { kind: 'entity' },
  periodRule: 'eu-1182/71',
  periodRuleRef: EU_PERIOD_RULE_REF,
  nonWorkingDays: EU_NON_WORKING_DAYS,
  // The RTS's own rule for non-working days displaces 1182/71 Art. 3(4) (lex specialis; also the earlier of the two).
  shift: { kind: 'noon-of-next-working-day', legalRef: NOON },
  appliesFrom: '2025-01-17',
  stages: [
    {
      stage: 'initial-notification',
      title: 'Initial notification (4 h of classification, at the latest 24 h of awareness)',
      clock: { anchor: 'classification', period: { unit: 'hours', amount: 4 } },
      atLatest: [{ anchor: 'awareness', period: { unit: 'hours', amount: 24 } }],
      variants: [
        {
          when: [{ event: 'classification', of: 'awareness', within: { unit: 'hours', amount: 24 }, is: false }],
          clock: { anchor: 'classification', period: { unit: 'hours', amount: 4 } },
          legalRef: 'Delegated Regulation (EU) 2025/301 Art. 5(2) (classified as major after 24 h: 4 h of classification)',
        },
      ],
      shift: { kind: 'noon-of-next-working-day', legalRef: `${NOON}; not for the entities of Art. 5(5)–(6)`, unless: NO_WEEKEND_RELIEF },
      legalRef: 'Regulation (EU) 2022/2554 Art. 19(4)(a); Delegated Regulation (EU) 2025/301 Art. 5(1)(a)',
    },
    {
      stage: 'intermediate-report',
      title: 'Intermediate report (72 h of the initial notification)',
      clock: { anchor: 'submitted:initial-notification', period: { unit: 'hours', amount: 72 } },
      shift: { kind: 'noon-of-next-working-day', legalRef: `${NOON}; not for the entities of Art. 5(5)–(6)`, unless: NO_WEEKEND_RELIEF },
      legalRef: 'Regulation (EU) 2022/2554 Art. 19(4)(b); Delegated Regulation (EU) 2025/301 Art. 5(1)(b)',
    },
    {
      stage: 'final-report',
      title: 'Final report (one month of the latest updated intermediate report)',
      clock: { anchor: 'last-submitted:intermediate-report', period: { unit: 'months', amount: 1 } },
      legalRef: 'Regulation (EU) 2022/2554 Art. 19(4)(c); Delegated Regulation (EU) 2025/301 Art. 5(1)(c)',
    },
  ],
});
