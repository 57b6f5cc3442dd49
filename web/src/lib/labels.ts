/**
 * People-readable names of the API's enum values (classes, vectors, mechanisms, purposes, asset
 * roles, statuses and notification states, incident regimes, categories and deadline states,
 * finding certainties and bands, vulnerability sources, advisory states and answers).
 *
 * Pure: no DOM, no I/O.
 */
import type { AdvisoryStatus, AssetAnswer, RecipientState, TlpLevel } from '../api/advisory-types.js';
import type { Band, Certainty, VulnSource } from '../api/exposure-types.js';
import type { AssetRole, AssetStatus, ClassName, IncidentCategory, IncidentRegime, IncidentState, LinkKind, NotificationState, StageState } from '../api/types.js';

/** Protocol class names and chart colours. */
export const CLASS_LABELS: Readonly<Record<ClassName, { label: string; color: string }>> = {
  total: { label: 'Total', color: 'var(--c-total)' },
  tcp: { label: 'TCP', color: 'var(--c-tcp)' },
  tcp_syn: { label: 'TCP SYN', color: 'var(--c-tcp_syn)' },
  udp: { label: 'UDP', color: 'var(--c-udp)' },
  icmp: { label: 'ICMP', color: 'var(--c-icmp)' },
  gre: { label: 'GRE', color: 'var(--c-gre)' },
  fragment: { label: 'Fragments', color: 'var(--c-fragment)' },
};

const VECTORS: Readonly<Record<string, string>> = {
  syn_flood: 'SYN flood',
  ack_rst_flood: 'ACK/RST flood',
  tcp_connection_flood: 'TCP connection flood (stomp)',
  tcp_other: 'Other TCP',
  udp_flood: 'UDP flood',
  reflection: 'Reflection',
  icmp_flood: 'ICMP flood',
  gre_flood: 'GRE flood',
  fragment_flood: 'Fragment flood',
  other: 'Other',
};

/** A vector with its reflected service: `Reflection (dns/53)`. */
export function vectorLabel(v: { vector: string; service?: string | undefined; port?: number | undefined }): string {
  const base = VECTORS[v.vector] ?? v.vector;
  if (v.service === undefined && v.port === undefined) return base;
  return `${base} (${[v.service, v.port].filter((x) => x !== undefined).join('/')})`;
}

/** Mechanism names. */
export const MECHANISM_LABELS: Readonly<Record<string, string>> = {
  rtbh: 'RTBH (black hole)',
  flowspec: 'BGP FlowSpec',
  dns_rpz: 'DNS RPZ sinkhole',
  blocklist: 'Block-list export',
  abuse_notice: 'Abuse notice',
  isp_notice: 'ISP notice',
  access_neutralisation: 'Access and neutralisation (recorded)',
};

/** Purpose names for the access guard. */
export const PURPOSE_LABELS: Readonly<Record<string, string>> = {
  incident_response: 'Incident response',
  countermeasure_preparation: 'Countermeasure preparation',
  victim_notification: 'Victim notification',
  oversight_inspection: 'Oversight inspection',
  statutory_report: 'Statutory report',
};

/** Gate names. */
export const GATE_LABELS: Readonly<Record<string, string>> = {
  foreign_ministry_consultation: 'Foreign ministry consultation',
  prime_minister_order: "Prime Minister's order",
  national_security_council_review: 'National security council review',
};

/** IP protocol numbers used in FlowSpec matches. */
export const PROTOCOLS: readonly { readonly n: number; readonly name: string }[] = [
  { n: 6, name: 'TCP' },
  { n: 17, name: 'UDP' },
  { n: 1, name: 'ICMP' },
  { n: 47, name: 'GRE' },
  { n: 58, name: 'ICMPv6' },
];

/** The IP protocol an attack vector is carried by, when there is one. */
export function protocolOfVector(vector: string): number | undefined {
  if (vector === 'syn_flood' || vector === 'ack_rst_flood' || vector === 'tcp_connection_flood' || vector === 'tcp_other') return 6;
  if (vector === 'udp_flood' || vector === 'reflection') return 17;
  if (vector === 'icmp_flood') return 1;
  if (vector === 'gre_flood') return 47;
  return undefined;
}

/** What an asset does for its operator. */
export const ASSET_ROLE_LABELS: Readonly<Record<AssetRole, string>> = {
  'ot-controller': 'OT controller (PLC, RTU, DCS)',
  'ot-supervisory': 'OT supervisory (SCADA, HMI)',
  'vpn-gateway': 'VPN gateway',
  firewall: 'Firewall',
  'core-router': 'Core router',
  'network-switch': 'Network switch',
  'directory-service': 'Directory service',
  server: 'Server',
  workstation: 'Workstation',
  other: 'Other',
};

/** Where an asset is in its life. */
export const ASSET_STATUS_LABELS: Readonly<Record<AssetStatus, string>> = {
  planned: 'Planned',
  'in-service': 'In service',
  retired: 'Retired',
};

/** Where an asset's notification stands against its deadline. */
export const NOTIFICATION_STATE_LABELS: Readonly<Record<NotificationState, string>> = {
  overdue: 'Overdue',
  'due-soon': 'Due soon',
  open: 'Not yet notified',
  'submitted-late': 'Notified late',
  'submitted-on-time': 'Notified on time',
};

/** Short names of the incident regimes. */
export const REGIME_LABELS: Readonly<Record<IncidentRegime, string>> = {
  'jp-act': 'ACD Act (JP)',
  'jp-appi': 'APPI (JP)',
  'eu-nis2': 'NIS2 (EU)',
  'eu-dora': 'DORA (EU)',
  'us-circia': 'CIRCIA (US)',
  'eu-cra': 'CRA (EU)',
};

/** Incident categories. */
export const INCIDENT_CATEGORY_LABELS: Readonly<Record<IncidentCategory, string>> = {
  ddos: 'Denial of service',
  intrusion: 'Intrusion',
  malware: 'Malware',
  ransomware: 'Ransomware',
  'data-breach': 'Data breach',
  vulnerability: 'Exploited vulnerability',
  outage: 'Outage',
  other: 'Other',
};

/** Incident states. */
export const INCIDENT_STATE_LABELS: Readonly<Record<IncidentState, string>> = {
  draft: 'Draft (nothing submitted)',
  open: 'Open',
  closed: 'Closed',
};

/** Where a report stage's deadline stands. */
export const STAGE_STATE_LABELS: Readonly<Record<StageState, string>> = {
  'not-applicable': 'Not applicable',
  pending: 'Clock not started',
  open: 'Not yet submitted',
  'due-soon': 'Due soon',
  overdue: 'Overdue',
  'submitted-on-time': 'Submitted on time',
  'submitted-late': 'Submitted late',
};

/** What an incident cites. */
export const LINK_KIND_LABELS: Readonly<Record<LinkKind, string>> = {
  attack: 'Attack',
  sighting: 'Sighting',
  case: 'Case',
  intel: 'Intel object',
};

/** How sure a finding is. */
export const CERTAINTY_LABELS: Readonly<Record<Certainty, string>> = {
  confirmed: 'Confirmed',
  'platform-unstated': 'Platform not stated',
  'needs-review': 'Needs review',
};

/** What each certainty asks of a person. */
export const CERTAINTY_HINTS: Readonly<Record<Certainty, string>> = {
  confirmed: 'the asset’s names and version satisfy the record',
  'platform-unstated': 'the product matches, but the record needs a platform the asset does not name: check which one it runs on',
  'needs-review': 'the product matches, but the source gives its versions only as text: read them',
};

/** Priority bands. */
export const BAND_LABELS: Readonly<Record<Band, string>> = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

const CVE5_PARTS: Readonly<Record<string, string>> = { cna: 'CVE 5 CNA' };

/**
 * Where a vulnerability fact came from, for people: `NVD`, `CVE 5 CNA`, `CVE 5 ADP (CISA-ADP)`,
 * `CISA KEV`, `FIRST EPSS`, `JVN (JVNDB-2024-000001)`; NVD's copy of the KEV fields reads
 * `NVD (CISA KEV fields)`.
 */
export function sourceLabel(source: VulnSource, detail?: string): string {
  switch (source) {
    case 'nvd':
      return detail === 'cisa' ? 'NVD (CISA KEV fields)' : 'NVD';
    case 'cve5':
      if (detail === undefined) return 'CVE 5';
      return CVE5_PARTS[detail] ?? (detail.startsWith('adp:') ? `CVE 5 ADP (${detail.slice(4)})` : `CVE 5 (${detail})`);
    case 'kev':
      return 'CISA KEV';
    case 'epss':
      return 'FIRST EPSS';
    case 'jvn':
      return detail === undefined ? 'JVN' : `JVN (${detail})`;
    default:
      return String(source);
  }
}

/** Where an advisory is in its life. */
export const ADVISORY_STATUS_LABELS: Readonly<Record<AdvisoryStatus, string>> = { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' };

/** Where a recipient stands with its acknowledgement. */
export const RECIPIENT_STATE_LABELS: Readonly<Record<RecipientState, string>> = {
  open: 'Not yet acknowledged',
  overdue: 'Overdue',
  acknowledged: 'Acknowledged',
  'acknowledged-late': 'Acknowledged late',
};

/** An operator's answer for one asset. */
export const ANSWER_LABELS: Readonly<Record<AssetAnswer, string>> = {
  patched: 'Patched',
  mitigated: 'Mitigated',
  'accepted-risk': 'Risk accepted',
  'not-affected': 'Not affected',
};

/** TLP levels as FIRST writes them (`TLP:AMBER+STRICT`). */
export function tlpName(level: TlpLevel): string {
  return `TLP:${level.toUpperCase()}`;
}
