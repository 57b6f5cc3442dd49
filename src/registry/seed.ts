/**
 * A fictional demo registry for `npm start`: an airline, two banks, a mobile carrier and a power
 * utility — the kinds of operator hit by the botnet DDoS wave of December 2024 – January 2025.
 * All names are invented; any likeness to a real company is accidental.
 *
 * Address space is only what is reserved for documentation and testing, so the demo can never
 * point at someone's real network:
 * - 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (TEST-NET-1/2/3, RFC 5737);
 * - 2001:db8::/32 (IPv6 documentation prefix, RFC 3849), one /48 per organisation;
 * - 198.18.0.0/22 for the carrier's carpet-bombing target and 198.19.0.0/24 for the utility: documentation space has no block
 *   larger than a /24, and a carpet-bombing demo needs many hosts across several /24s. The /22 is
 *   taken from 198.18.0.0/15, reserved for network benchmarking (RFC 2544 §C.2.2, RFC 6890) — like
 *   the TEST-NETs, never routed on the Internet. 100.64.0.0/10 was rejected: it is shared
 *   address space (RFC 6598) that real carriers use for CGNAT.
 */
import type { NetworkThresholds } from './thresholds.js';
import type { OperatorRegistry, OrganizationWithNetworksInput } from './registry.js';

/** One demo organisation with its networks. */
export interface DemoOrganization extends OrganizationWithNetworksInput {
  readonly name: string;
  readonly networks: readonly { readonly prefix: string; readonly name: string; readonly thresholds?: NetworkThresholds }[];
}

/** The demo set. */
export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  {
    name: 'Aozora Airlines',
    sector: 'aviation',
    contactName: 'Aozora SOC',
    contactEmail: 'soc@aozora-air.example',
    networks: [
      { prefix: '192.0.2.0/24', name: 'booking and check-in' },
      { prefix: '2001:db8:100::/48', name: 'booking and check-in (IPv6)' },
    ],
  },
  {
    name: 'Minato Bank',
    sector: 'finance',
    contactName: 'Minato Bank CSIRT',
    contactEmail: 'csirt@minato-bank.example',
    networks: [
      { prefix: '198.51.100.0/24', name: 'internet banking' },
      { prefix: '2001:db8:200::/48', name: 'internet banking (IPv6)' },
    ],
  },
  {
    name: 'Sakura Trust Bank',
    sector: 'finance',
    contactEmail: 'security@sakura-trust.example',
    networks: [
      { prefix: '203.0.113.0/24', name: 'online banking' },
      { prefix: '2001:db8:300::/48', name: 'online banking (IPv6)' },
    ],
  },
  {
    name: 'Kumo Mobile',
    sector: 'telecommunications',
    contactName: 'Kumo NOC',
    contactEmail: 'noc@kumo-mobile.example',
    networks: [
      { prefix: '198.18.0.0/22', name: 'subscriber services (carpet-bombing target)' },
      { prefix: '2001:db8:400::/48', name: 'subscriber services (IPv6)' },
    ],
  },
  {
    name: 'Hikari Power',
    sector: 'electricity',
    contactEmail: 'cert@hikari-power.example',
    networks: [
      { prefix: '198.19.0.0/24', name: 'customer portal and remote access' },
      { prefix: '2001:db8:500::/48', name: 'customer portal (IPv6)' },
    ],
  },
];

/** What {@link seedDemo} did. */
export interface SeedResult {
  /** Names of organisations created now. */
  readonly created: readonly string[];
  /** Names already present (left untouched). */
  readonly existing: readonly string[];
}

/**
 * Registers the demo organisations and networks in one transaction. Idempotent: organisations
 * already present by name are left as they are, so it can run at every demo start.
 */
export function seedDemo(registry: OperatorRegistry, organizations: readonly DemoOrganization[] = DEMO_ORGANIZATIONS): Promise<SeedResult> {
  return registry.transaction(async (r) => {
    const created: string[] = [];
    const existing: string[] = [];
    for (const org of organizations) {
      if ((await r.organizations.findByName(org.name)) !== undefined) {
        existing.push(org.name);
        continue;
      }
      await r.registerOrganization(org);
      created.push(org.name);
    }
    return { created, existing };
  });
}
