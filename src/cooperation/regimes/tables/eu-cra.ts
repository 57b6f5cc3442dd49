/**
 * EU, Cyber Resilience Act (Regulation (EU) 2024/2847) Art. 14: manufacturers report actively
 * exploited vulnerabilities (Art. 14(2)) and severe incidents (Art. 14(4)) to the coordinating
 * CSIRT and ENISA — early warning 24 h, notification 72 h, then a final report 14 days after a
 * corrective measure is available (vulnerability) or one month after the notification (incident).
 * One event may be both; each track is gated by its own flag.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';
import { EU_NON_WORKING_DAYS, EU_PERIOD_RULE_REF, EU_SHIFT } from './european-union.js';

const VULNERABILITY = [{ fact: 'actively-exploited-vulnerability' }];
const INCIDENT = [{ fact: 'severe-incident' }];

/** CRA Art. 14 reports. */
export const EU_CRA = defineRegime({
  id: 'eu-cra',
  name: 'Cyber Resilience Act vulnerability and incident reporting',
  jurisdiction: 'EU',
  timeZone: { kind: 'entity' },
  periodRule: 'eu-1182/71',
  periodRuleRef: EU_PERIOD_RULE_REF,
  nonWorkingDays: EU_NON_WORKING_DAYS,
  shift: EU_SHIFT,
  appliesFrom: '2026-09-11',
  stages: [
    {
      stage: 'vulnerability-early-warning',
      title: 'Early warning of an actively exploited vulnerability (24 h)',
      appliesWhen: VULNERABILITY,
      clock: { anchor: 'awareness', period: { unit: 'hours', amount: 24 } },
      legalRef: 'Regulation (EU) 2024/2847 Art. 14(2)(a)',
    },
    {
      stage: 'vulnerability-notification',
      title: 'Vulnerability notification (72 h)',
      appliesWhen: VULNERABILITY,
      clock: { anchor: 'awareness', period: { unit: 'hours', amount: 72 } },
      legalRef: 'Regulation (EU) 2024/2847 Art. 14(2)(b)',
    },
    {
      stage: 'vulnerability-final-report',
      title: 'Final report (14 days after a corrective or mitigating measure is available)',
      appliesWhen: VULNERABILITY,
      clock: { anchor: 'corrective-measure', period: { unit: 'days', amount: 14 } },
      legalRef: 'Regulation (EU) 2024/2847 Art. 14(2)(c)',
    },
    {
      stage: 'incident-early-warning',
      title: 'Early warning of a severe incident (24 h)',
      appliesWhen: INCIDENT,
      clock: { anchor: 'awareness', period: { unit: 'hours', amount: 24 } },
      legalRef: 'Regulation (EU) 2024/2847 Art. 14(4)(a)',
    },
    {
      stage: 'incident-notification',
      title: 'Incident notification (72 h)',
      appliesWhen: INCIDENT,
      clock: { anchor: 'awareness', period: { unit: 'hours', amount: 72 } },
      legalRef: 'Regulation (EU) 2024/2847 Art. 14(4)(b)',
    },
    {
      stage: 'incident-final-report',
      title: 'Final report (one month after the incident notification)',
      appliesWhen: INCIDENT,
      clock: { anchor: 'submitted:incident-notification', period: { unit: 'months', amount: 1 } },
      legalRef: 'Regulation (EU) 2024/2847 Art. 14(4)(c)',
    },
  ],
});
