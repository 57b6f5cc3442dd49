/**
 * Japan, Act on the Protection of Personal Information (個人情報の保護に関する法律, APPI) Art. 26:
 * a reportable personal-data breach is reported to the Personal Information Protection Commission
 * promptly (速報) and finally (確報) within 30 days, 60 when the breach may have been done for a
 * wrongful purpose.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { defineRegime } from '../regime.js';
import { JP_NON_WORKING_DAYS, JP_PERIOD_RULE_REF, JP_SHIFT } from './japan.js';

/** Rules Art. 8(1) items 1–9, which both reports carry as far as known. */
const ITEMS = [
  '概要 (overview)',
  '漏えい等が発生し、又は発生したおそれがある個人データの項目 (data items)',
  '本人の数 (number of persons)',
  '原因 (cause)',
  '二次被害又はそのおそれの有無及びその内容 (secondary damage)',
  '本人への対応の実施状況 (response to the persons)',
  '公表の実施状況 (publication)',
  '再発防止のための措置 (prevention of recurrence)',
  'その他参考となる事項 (other)',
];

/** APPI breach reports. */
export const JP_APPI = defineRegime({
  id: 'jp-appi',
  name: 'APPI personal-data breach report (漏えい等報告)',
  jurisdiction: 'JP',
  timeZone: { kind: 'fixed', zone: 'Asia/Tokyo' },
  periodRule: 'jp-civil-code',
  periodRuleRef: JP_PERIOD_RULE_REF,
  nonWorkingDays: JP_NON_WORKING_DAYS,
  shift: JP_SHIFT,
  stages: [
    {
      stage: 'preliminary-report',
      title: 'Preliminary report (速報)',
      clock: { anchor: 'awareness', period: { unit: 'without-delay', expectationHours: 120 } },
      legalRef: '個人情報の保護に関する法律 26条1項; 同法施行規則 8条1項 (速やかに); ガイドライン (通則編) 3-5-3-3 (概ね3〜5日以内)',
      items: ITEMS,
      note: 'The guideline’s "about 3 to 5 days" is an expectation, not a time limit: 120 h (its upper end), configurable.',
    },
    {
      stage: 'final-report',
      title: 'Final report (確報, 30 days)',
      clock: { anchor: 'awareness', period: { unit: 'days', amount: 30 }, firstDay: 'included' },
      variants: [
        {
          when: [{ fact: 'malicious' }],
          clock: { anchor: 'awareness', period: { unit: 'days', amount: 60 }, firstDay: 'included' },
          legalRef: '同法施行規則 8条2項括弧書 (60日以内), 7条3号 (不正の目的をもって行われたおそれがある漏えい等)',
        },
      ],
      legalRef: '個人情報の保護に関する法律 26条1項; 同法施行規則 8条2項 (当該事態を知った日から30日以内); ガイドライン (通則編) 3-5-3-4 (知った日を1日目とする; 末日が土日・祝日・年末年始なら翌日)',
      items: ITEMS,
      note: 'Day counting follows the Commission’s guideline (the day of awareness is day 1), not Civil Code 140 — one day earlier than the Civil Code would give.',
    },
  ],
});
