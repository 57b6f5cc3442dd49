/**
 * What `sakimori serve` prints once it is running: where the console, the API, the metrics and the
 * flow listeners are, and (with `--demo`) how to sign in. A part that is off says so instead of
 * printing an address it does not have.
 *
 * Pure: builds text.
 */

/** What the banner reports. */
export interface BannerInputs {
  /** The API's listening URLs; empty when the API is disabled (`api.enabled: false`). */
  readonly apiUrls: readonly string[];
  readonly metricsUrls: readonly string[];
  readonly flowListeners: readonly { readonly kind: string; readonly address: string; readonly port: number }[];
  readonly storage: string;
  /** The demo accounts' text, with `--demo`. */
  readonly demoAccounts?: string | undefined;
}

/** The start banner. */
export function startBanner(x: BannerInputs): string {
  const url = x.apiUrls[0];
  const flows = x.flowListeners.length === 0 ? 'off (no collector.netflow/sflow listen address)' : x.flowListeners.map((l) => `${l.kind} udp ${l.address}:${l.port}`).join(', ');
  const lines = [
    '',
    'Sakimori is running.',
    `  console:     ${url === undefined ? 'off (api.enabled: false)' : `${url}/`}`,
    `  API:         ${url === undefined ? 'off (api.enabled: false)' : `${url}/api/v1 (OpenAPI: ${url}/openapi.json)`}`,
    `  metrics:     ${x.metricsUrls[0] ?? 'off (api.metrics.enabled)'}`,
    `  flow export: ${flows}`,
    `  storage:     ${x.storage}`,
  ];
  if (x.demoAccounts !== undefined) {
    lines.push('  demo:        simulated exporters are sending; a botnet DDoS on Aozora Airlines starts in about 20 s', '');
    lines.push(url === undefined ? 'The console is off (api.enabled: false); the demo accounts are' : `Sign in at ${url}/ with one of the`, x.demoAccounts.replace(/\n$/, ''));
  }
  lines.push('Press Ctrl-C to stop.', '', '');
  return lines.join('\n');
}
