/**
 * Japan, Act on the Prevention of Damage from Unauthorised Acts against Important Electronic
 * Computers (重要電子計算機に対する不正な行為による被害の防止に関する法律, Act No. 42 of 2025,
 * "ACD Act"), Art. 5: a designated operator that becomes aware of a specified intrusion event on a
 * specified important computer reports to the minister responsible for its business and to the
 * Prime Minister — promptly, then in writing within 30 days, with 7 items.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';
import { JP_NON_WORKING_DAYS, JP_PERIOD_RULE_REF, JP_SHIFT } from './japan.js';

/** The ordinance of the eight ministries under the Act (令和8年内閣府・総務省・法務省・財務省・厚生労働省・農林水産省・経済産業省・国土交通省令第4号). */
const ORDINANCE = '特別社会基盤事業者による特定侵害事象等の報告等に関する命令 (令和8年8府省令第4号)';

/** The Act's incident reports. */
export const JP_ACT = defineRegime({
  id: 'jp-act',
  name: 'ACD Act incident report (特定侵害事象等の報告)',
  jurisdiction: 'JP',
  timeZone: { kind: 'fixed', zone: 'Asia/Tokyo' },
  periodRule: 'jp-civil-code',
  periodRuleRef: JP_PERIOD_RULE_REF,
  nonWorkingDays: JP_NON_WORKING_DAYS,
  shift: JP_SHIFT,
  appliesFrom: '2026-10-01',
  stages: [
    {
      stage: 'prompt-report',
      title: 'Prompt report (速報) to the competent minister and the Prime Minister',
      clock: { anchor: 'awareness', period: { unit: 'without-delay', expectationHours: 24 } },
      legalRef: '重要電子計算機に対する不正な行為による被害の防止に関する法律 5条1項 — prompt report, no fixed period',
      note: 'The law fixes no period for the first report. 24 h is the product’s expectation (overdue with basis "expectation", never a statutory breach), configurable per stage.',
    },
    {
      stage: 'written-report',
      title: 'Written report (30 days of awareness)',
      clock: { anchor: 'awareness', period: { unit: 'days', amount: 30 } },
      legalRef: `重要電子計算機に対する不正な行為による被害の防止に関する法律 5条1項; ${ORDINANCE} 4条 (written report within 30 days), 4条3項1号〜7号 (items)`,
      items: [
        '報告の区分 (category of the report)',
        '特別社会基盤事業者の概要 (the operator)',
        '特定侵害事象等の概要 (overview of the event)',
        '特定侵害事象等が発生した特定重要電子計算機 (the affected computer)',
        '特定侵害事象等に関する技術的な事項 (technical details)',
        '特定侵害事象等への対応に関する事項 (the response)',
        'その他特記事項 (other)',
      ],
      note: 'The 30-day period and the 7 items are the project brief’s reading of the ordinance; the item list matches 4条3項. Check the article of the period against e-Gov 508M60000F5A004.',
    },
  ],
});
