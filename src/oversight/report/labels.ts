/** Human labels of the report's keys (mechanisms, flag kinds, data classes), shared by the renderings. */

const LABELS: Readonly<Record<string, string>> = {
  rtbh: 'Remote-triggered black hole (RTBH)',
  flowspec: 'BGP FlowSpec filter',
  dns_rpz: 'DNS RPZ sinkhole',
  blocklist: 'Block-list export',
  abuse_notice: 'Abuse / takedown notice',
  isp_notice: 'ISP notification of infected customers',
  access_neutralisation: 'Access and neutralisation',
  no_case: 'Query without a case',
  out_of_scope: 'Query outside the case’s scope',
  volume: 'Volume far above the user’s norm',
  repeated_lookup: 'Same person looked up across cases',
  wide_scope: 'Case scope wider than the limit declared',
  notice: 'Notices',
  demand: 'Demands',
  recommendation: 'Recommendations',
  attacks: 'Attacks',
  sightings: 'Sightings',
  flows: 'Raw flows and aggregates',
  case_personal: 'Personal data in cases',
  reports: 'Incident reports',
  exporter_stats: 'Exporter statistics',
  on_time: 'Reviewed on time',
  late: 'Reviewed late',
  overdue_unreviewed: 'Overdue, not reviewed',
  pending: 'Review not yet due',
  upheld: 'Upheld',
  withdrawal_ordered: 'Withdrawal ordered',
};

/** The label of `key`, or the key itself. */
export function label(key: string): string {
  return LABELS[key] ?? key;
}
