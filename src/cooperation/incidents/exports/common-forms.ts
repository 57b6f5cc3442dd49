/**
 * The Japanese government's common report forms (共通様式) for DDoS attacks and ransomware, as
 * lists of fields: a Japanese label, an English gloss, and where the value comes from in the
 * platform's model (the incident, its reports' items, the attacks it links, or an answer the
 * operator gives when the form is made).
 *
 * The field lists follow the structure of the published forms as understood here, written without
 * access to the official PDFs: they are not the official forms, carry no official form number, and
 * must be checked against the official documents (docs/incident-exports.md says so too).
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { NamedAnchor } from '../../regimes/index.js';
import type { LinkKind } from '../incident.js';

/** The forms. */
export const COMMON_FORMS = ['ddos', 'ransomware'] as const;

/** One of {@link COMMON_FORMS}. */
export type CommonFormId = (typeof COMMON_FORMS)[number];

/** What the linked attacks give a field (see `common-form-export.ts` for how each is read). */
export type AttackField = 'targets' | 'start' | 'end' | 'peak-bps' | 'peak-pps' | 'vectors' | 'source-count' | 'source-countries' | 'source-asns' | 'attack-ids';

/** Where a field's value comes from. */
export type FieldSource =
  | { readonly kind: 'incident'; readonly field: 'organization' | 'sector' | 'title' | 'category' | 'id' }
  | { readonly kind: 'anchor'; readonly anchor: NamedAnchor }
  | { readonly kind: 'item'; readonly regime: string; readonly stage: string; readonly key: string }
  | { readonly kind: 'summary' }
  | { readonly kind: 'attacks'; readonly field: AttackField }
  | { readonly kind: 'links'; readonly link: LinkKind }
  | { readonly kind: 'answer' };

/** One field of a form. */
export interface FormField {
  /** Stable id, the key of the field in the JSON rendering and of the operator's answers. */
  readonly id: string;
  readonly label: string;
  readonly gloss: string;
  /** Tried in order; the first that gives a value fills the field. */
  readonly sources: readonly FieldSource[];
}

/** A form: its title and its fields in order. */
export interface CommonForm {
  readonly id: CommonFormId;
  readonly title: string;
  readonly gloss: string;
  readonly fields: readonly FormField[];
}

const ANSWER: FieldSource = { kind: 'answer' };
const item = (key: string): FieldSource => ({ kind: 'item', regime: 'jp-act', stage: 'written-report', key });
const attacks = (field: AttackField): FieldSource => ({ kind: 'attacks', field });

/** Fields both forms open with: who reports, and when the damage became known. */
const REPORTER: readonly FormField[] = [
  { id: 'organization', label: '組織名', gloss: 'reporting organisation', sources: [{ kind: 'incident', field: 'organization' }] },
  { id: 'sector', label: '業種', gloss: 'sector', sources: [{ kind: 'incident', field: 'sector' }] },
  { id: 'contact', label: '担当者・連絡先', gloss: 'contact person and details', sources: [ANSWER] },
  { id: 'incident', label: '事案の名称', gloss: 'incident', sources: [{ kind: 'incident', field: 'title' }] },
  { id: 'awareness', label: '被害を認知した日時', gloss: 'when the damage became known', sources: [{ kind: 'anchor', anchor: 'awareness' }] },
];

/** Fields both forms close with. */
const CLOSING: readonly FormField[] = [
  { id: 'police', label: '警察への相談・届出の状況', gloss: 'police consulted or notified', sources: [ANSWER] },
  { id: 'other', label: 'その他', gloss: 'other', sources: [item('other'), ANSWER] },
];

/** DDoS attack report form (DDoS攻撃の報告様式), as understood here. */
export const DDOS_FORM: CommonForm = {
  id: 'ddos',
  title: 'DDoS攻撃の報告様式',
  gloss: 'DDoS attack report form',
  fields: [
    ...REPORTER,
    { id: 'target-service', label: '攻撃を受けたサービス・システム', gloss: 'attacked service or system', sources: [item('affected-computer'), ANSWER] },
    { id: 'target-addresses', label: '攻撃対象 (IPアドレス・ホスト)', gloss: 'attacked addresses or hosts', sources: [attacks('targets'), ANSWER] },
    { id: 'attack-start', label: '攻撃開始日時', gloss: 'attack start', sources: [attacks('start'), ANSWER] },
    { id: 'attack-end', label: '攻撃終了日時', gloss: 'attack end', sources: [attacks('end'), ANSWER] },
    { id: 'peak-bps', label: '最大通信量 (bps)', gloss: 'peak volume, bits per second', sources: [attacks('peak-bps'), ANSWER] },
    { id: 'peak-pps', label: '最大パケット数 (pps)', gloss: 'peak rate, packets per second', sources: [attacks('peak-pps'), ANSWER] },
    { id: 'vectors', label: '攻撃手法', gloss: 'attack vectors', sources: [attacks('vectors'), ANSWER] },
    { id: 'source-count', label: '攻撃元の数', gloss: 'number of sources', sources: [attacks('source-count'), ANSWER] },
    { id: 'source-countries', label: '攻撃元の国・地域', gloss: 'source countries and regions', sources: [attacks('source-countries'), ANSWER] },
    { id: 'source-asns', label: '攻撃元のAS', gloss: 'source autonomous systems', sources: [attacks('source-asns'), ANSWER] },
    { id: 'impact', label: '被害の状況 (サービス停止の有無・時間)', gloss: 'impact (service outage and its duration)', sources: [item('overview-of-the-event'), { kind: 'summary' }, ANSWER] },
    { id: 'mitigation', label: '実施した対策', gloss: 'mitigation taken', sources: [item('response'), ANSWER] },
    { id: 'extortion', label: '脅迫の有無 (ランサムDDoS)', gloss: 'extortion (ransom DDoS)', sources: [ANSWER] },
    { id: 'attack-ids', label: '検知した攻撃の識別子', gloss: 'ids of the detected attacks (Sakimori)', sources: [attacks('attack-ids')] },
    ...CLOSING,
  ],
};

/** Ransomware damage report form (ランサムウェア被害の報告様式), as understood here. */
export const RANSOMWARE_FORM: CommonForm = {
  id: 'ransomware',
  title: 'ランサムウェア被害の報告様式',
  gloss: 'ransomware damage report form',
  fields: [
    ...REPORTER,
    { id: 'ransomware', label: 'ランサムウェアの名称・攻撃グループ', gloss: 'ransomware name or group', sources: [ANSWER] },
    { id: 'threat-intel', label: '関連する脅威情報', gloss: 'related threat intelligence (STIX ids)', sources: [{ kind: 'links', link: 'intel' }] },
    { id: 'infection-route', label: '感染経路 (侵入経路)', gloss: 'infection route (e.g. VPN device, RDP, e-mail)', sources: [ANSWER] },
    { id: 'encrypted-systems', label: '暗号化された機器・システム', gloss: 'encrypted devices and systems', sources: [item('affected-computer'), ANSWER] },
    { id: 'technical-details', label: '技術的な事項', gloss: 'technical details', sources: [item('technical-details'), ANSWER] },
    { id: 'ransom-demand', label: '身代金要求の有無・金額', gloss: 'ransom demanded, amount and currency', sources: [ANSWER] },
    { id: 'ransom-payment', label: '身代金の支払の有無', gloss: 'ransom paid', sources: [{ kind: 'anchor', anchor: 'payment' }, ANSWER] },
    { id: 'data-leak', label: 'データ窃取・リークサイトへの掲載の有無', gloss: 'data stolen, or published on a leak site', sources: [ANSWER] },
    { id: 'backup', label: 'バックアップの状況', gloss: 'backup status (available, also encrypted, restored)', sources: [ANSWER] },
    { id: 'impact', label: '被害の状況', gloss: 'impact', sources: [item('overview-of-the-event'), { kind: 'summary' }, ANSWER] },
    { id: 'recovery', label: '対応・復旧の状況', gloss: 'response and recovery', sources: [item('response'), ANSWER] },
    ...CLOSING,
  ],
};

/** The forms by id. */
export const FORMS: Readonly<Record<CommonFormId, CommonForm>> = { ddos: DDOS_FORM, ransomware: RANSOMWARE_FORM };

const ATTACK_TEXT: Readonly<Record<AttackField, string>> = {
  targets: 'distinct `target` (host address or prefix)',
  start: 'earliest `startedAt`, local time',
  end: 'latest `endedAt`, local time; 継続中 (ongoing) while one has none',
  'peak-bps': 'largest `peak.bps` of one attack (concurrent attacks are not summed)',
  'peak-pps': 'largest `peak.pps` of one attack (concurrent attacks are not summed)',
  vectors: '`vectors` (with abused service and port), largest share first',
  'source-count': 'largest `sourceCount` (an estimate)',
  'source-countries': '`country` of the top sources, by packet share',
  'source-asns': '`asn` of the top sources, by packet share',
  'attack-ids': '`id`',
};

/** Where a source reads, for people (the "value from" column of the docs). */
export function describeSource(s: FieldSource): string {
  switch (s.kind) {
    case 'incident':
      return s.field === 'organization' ? "organisation's registered name" : `incident \`${s.field}\``;
    case 'anchor':
      return `incident anchor \`${s.anchor}\` (local time)${s.anchor === 'payment' ? ': 支払あり (paid) with the date' : ''}`;
    case 'item':
      return `\`${s.regime}\` \`${s.stage}\` item \`${s.key}\` (latest version)`;
    case 'summary':
      return 'latest submitted summary of any stage';
    case 'attacks':
      return `linked attacks: ${ATTACK_TEXT[s.field]}`;
    case 'links':
      return `links of kind \`${s.link}\``;
    case 'answer':
      return "operator's answer when the form is made";
  }
}

/** The field table of `form` as Markdown: number, id, Japanese label, gloss, where the value comes from. */
export function formFieldTableMd(form: CommonForm): string {
  const cell = (t: string): string => t.replace(/\|/g, '\\|');
  const rows = form.fields.map((f, i) => `| ${i + 1} | \`${f.id}\` | ${cell(f.label)} | ${cell(f.gloss)} | ${cell(f.sources.map(describeSource).join('; else '))} |`);
  return [`### ${form.title} (${form.gloss})`, '', '| # | id | 項目 | English | value from (first that gives one) |', '|---|---|---|---|---|', ...rows, ''].join('\n');
}

/** The field tables of both forms, for docs/incident-exports.md. */
export const FORM_FIELD_TABLE_MD: string = COMMON_FORMS.map((id) => formFieldTableMd(FORMS[id])).join('\n');
