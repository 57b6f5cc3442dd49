/**
 * Japan, ACD Act Art. 4: a designated operator notifies the specified important computers it
 * introduces (product, version…) to the minister responsible for its business. The same table
 * model as the incident reports, with `introduction` and `designation` as anchors.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';
import { JP_NON_WORKING_DAYS, JP_PERIOD_RULE_REF, JP_SHIFT } from './japan.js';

/** The Act's asset notification. */
export const JP_ACT_ASSETS = defineRegime({
  id: 'jp-act-assets',
  name: 'ACD Act notification of specified important computers (特定重要電子計算機の届出)',
  jurisdiction: 'JP',
  timeZone: { kind: 'fixed', zone: 'Asia/Tokyo' },
  periodRule: 'jp-civil-code',
  periodRuleRef: JP_PERIOD_RULE_REF,
  nonWorkingDays: JP_NON_WORKING_DAYS,
  shift: JP_SHIFT,
  appliesFrom: '2026-10-01',
  stages: [
    {
      stage: 'asset-notification',
      title: 'Notification of a specified important computer (4 months of introduction)',
      clock: { anchor: 'introduction', period: { unit: 'months', amount: 4 } },
      variants: [
        {
          // Computers introduced before designation or within 2 months after it: 6 months from designation.
          when: [{ event: 'introduction', of: 'designation', within: { unit: 'months', amount: 2 } }],
          clock: { anchor: 'designation', period: { unit: 'months', amount: 6 } },
          legalRef: '同法 4条1項; transitional provision of the ordinance (附則): 6 months of designation for computers introduced within 2 months of it',
        },
      ],
      legalRef: '重要電子計算機に対する不正な行為による被害の防止に関する法律 4条1項; 特別社会基盤事業者による特定侵害事象等の報告等に関する命令 (令和8年8府省令第4号) 2条1項 (4 months)',
      items: ['製品名 (product)', 'バージョン (version)'],
      note: 'Periods and the transitional rule as in the project brief; check the article numbers against e-Gov 508M60000F5A004. "Within 2 months of designation" is read as "introduced no later than 2 months after designation", which includes computers already in use when the operator is designated.',
    },
  ],
});
