/**
 * People-readable names of the API's enum values (classes, vectors, mechanisms, purposes, asset
 * roles, statuses and notification states, incident regimes, categories and deadline states).
 *
 * Pure: no DOM, no I/O.
 */
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
