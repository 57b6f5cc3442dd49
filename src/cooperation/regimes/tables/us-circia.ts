/**
 * US, Cyber Incident Reporting for Critical Infrastructure Act (6 U.S.C. 681b(a)): covered cyber
 * incidents within 72 h of reasonable belief, ransom payments within 24 h of payment, supplemental
 * reports promptly on substantial new or different information. Every period is in hours, so the
 * zone only renders local time (the entity's, Eastern time by default). The duties take effect
 * with CISA's final rule (681b(b)).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';

/** CIRCIA reports to CISA. */
export const US_CIRCIA = defineRegime({
  id: 'us-circia',
  name: 'CIRCIA covered cyber incident and ransom payment reports',
  jurisdiction: 'US',
  timeZone: { kind: 'entity', fallback: 'America/New_York' },
  periodRule: 'hours-only',
  periodRuleRef: '6 U.S.C. 681b(a): every period in hours, counted as elapsed time',
  nonWorkingDays: { weekdays: [], annual: [], legalRef: '6 U.S.C. 681b(a): no extension for weekends or holidays' },
  shift: { kind: 'none' },
  note: 'Obligations apply once CISA’s final rule under 6 U.S.C. 681b(b) is in effect.',
  stages: [
    {
      stage: 'incident-report',
      title: 'Covered cyber incident report (72 h)',
      clock: { anchor: 'reasonable-belief', period: { unit: 'hours', amount: 72 } },
      legalRef: '6 U.S.C. 681b(a)(1)',
    },
    {
      stage: 'ransom-payment-report',
      title: 'Ransom payment report (24 h)',
      clock: { anchor: 'payment', period: { unit: 'hours', amount: 24 } },
      legalRef: '6 U.S.C. 681b(a)(2)',
    },
    {
      stage: 'supplemental-report',
      title: 'Supplemental report (promptly, on substantial new or different information)',
      clock: { anchor: 'new-information', period: { unit: 'without-delay', expectationHours: 24 } },
      legalRef: '6 U.S.C. 681b(a)(3)',
      note: '"Promptly" has no period in the statute; 24 h is the product’s expectation, configurable.',
    },
  ],
});
