/**
 * EU, NIS2 (Directive (EU) 2022/2555) Art. 23(4): significant incidents — early warning within
 * 24 h and incident notification within 72 h of awareness, an intermediate report on request, a
 * final report within one month of the notification (or a progress report then and the final
 * report within one month of handling, when the incident is still ongoing).
 *
 * A directive: the binding time limits are those of the Member State's transposing law, which
 * copies these; counting follows Regulation 1182/71, which national rules may vary.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';
import { EU_NON_WORKING_DAYS, EU_PERIOD_RULE_REF, EU_SHIFT } from './european-union.js';

/** NIS2 Art. 23 reports. */
export const EU_NIS2 = defineRegime({
  id: 'eu-nis2',
  name: 'NIS2 significant-incident reporting',
  jurisdiction: 'EU',
  timeZone: { kind: 'entity' },
  periodRule: 'eu-1182/71',
  periodRuleRef: EU_PERIOD_RULE_REF,
  nonWorkingDays: EU_NON_WORKING_DAYS,
  shift: EU_SHIFT,
  stages: [
    {
      stage: 'early-warning',
      title: 'Early warning (24 h)',
      clock: { anchor: 'awareness', period: { unit: 'hours', amount: 24 } },
      legalRef: 'Directive (EU) 2022/2555 Art. 23(4)(a)',
    },
    {
      stage: 'notification',
      title: 'Incident notification (72 h)',
      clock: { anchor: 'awareness', period: { unit: 'hours', amount: 72 } },
      variants: [
        {
          when: [{ fact: 'trust-service-provider' }],
          clock: { anchor: 'awareness', period: { unit: 'hours', amount: 24 } },
          legalRef: 'Directive (EU) 2022/2555 Art. 23(4), second subparagraph (trust service providers: 24 h)',
        },
      ],
      legalRef: 'Directive (EU) 2022/2555 Art. 23(4)(b)',
    },
    {
      stage: 'intermediate-report',
      title: 'Intermediate report (upon request)',
      clock: { anchor: 'intermediate-request', period: { unit: 'without-delay', expectationHours: 72 } },
      legalRef: 'Directive (EU) 2022/2555 Art. 23(4)(c)',
      note: 'Due when the CSIRT or authority asks; give the date it sets as dueSetByAuthority. Without one, 72 h after the request is the product’s expectation.',
    },
    {
      stage: 'progress-report',
      title: 'Progress report (incident ongoing when the final report is due)',
      appliesWhen: [{ fact: 'ongoing-at-final' }],
      clock: { anchor: 'submitted:notification', period: { unit: 'months', amount: 1 } },
      legalRef: 'Directive (EU) 2022/2555 Art. 23(4)(e)',
    },
    {
      stage: 'final-report',
      title: 'Final report (one month after the incident notification)',
      clock: { anchor: 'submitted:notification', period: { unit: 'months', amount: 1 } },
      variants: [
        {
          when: [{ fact: 'ongoing-at-final' }],
          clock: { anchor: 'handled', period: { unit: 'months', amount: 1 } },
          legalRef: 'Directive (EU) 2022/2555 Art. 23(4)(e) (final report within one month of the handling of an ongoing incident)',
        },
      ],
      legalRef: 'Directive (EU) 2022/2555 Art. 23(4)(d)',
      note: 'The month runs from the notification’s submission; until it is submitted the final report is pending, with a provisional date counted from the notification’s due time.',
    },
  ],
});
