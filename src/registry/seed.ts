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

/** One demo organisation with its networks, each under a fixed id. */
export interface DemoOrganization extends OrganizationWithNetworksInput {
  readonly id: string;
  readonly name: string;
  readonly networks: readonly { readonly id: string; readonly prefix: string; readonly name: string; readonly thresholds?: NetworkThresholds }[];
}

/**
 * The demo set. The ids are fixed so that every start of `serve --demo` recognises its own
 * organisations whatever an administrator renamed or edited since.
 */
export const DEMO_ORGANIZATIONS: readonly DemoOrganization[] = [
  {
    id: 'demo-aozora-airlines',
    name: 'Aozora Airlines',
    sector: 'aviation',
    contactName: 'Aozora SOC',
    contactEmail: 'soc@aozora-air.example',
    networks: [
      { id: 'demo-aozora-airlines-v4', prefix: '192.0.2.0/24', name: 'booking and check-in' },
      { id: 'demo-aozora-airlines-v6', prefix: '2001:db8:100::/48', name: 'booking and check-in (IPv6)' },
    ],
  },
  {
    id: 'demo-minato-bank',
    name: 'Minato Bank',
    sector: 'finance',
    contactName: 'Minato Bank CSIRT',
    contactEmail: 'csirt@minato-bank.example',
    networks: [
      { id: 'demo-minato-bank-v4', prefix: '198.51.100.0/24', name: 'internet banking' },
      { id: 'demo-minato-bank-v6', prefix: '2001:db8:200::/48', name: 'internet banking (IPv6)' },
    ],
  },
  {
    id: 'demo-sakura-trust-bank',
    name: 'Sakura Trust Bank',
    sector: 'finance',
    contactEmail: 'security@sakura-trust.example',
    networks: [
      { id: 'demo-sakura-trust-bank-v4', prefix: '203.0.113.0/24', name: 'online banking' },
      { id: 'demo-sakura-trust-bank-v6', prefix: '2001:db8:300::/48', name: 'online banking (IPv6)' },
    ],
  },
  {
    id: 'demo-kumo-mobile',
    name: 'Kumo Mobile',
    sector: 'telecommunications',
    contactName: 'Kumo NOC',
    contactEmail: 'noc@kumo-mobile.example',
    networks: [
      { id: 'demo-kumo-mobile-v4', prefix: '198.18.0.0/22', name: 'subscriber services (carpet-bombing target)' },
      { id: 'demo-kumo-mobile-v6', prefix: '2001:db8:400::/48', name: 'subscriber services (IPv6)' },
    ],
  },
  {
    id: 'demo-hikari-power',
    name: 'Hikari Power',
    sector: 'electricity',
    contactEmail: 'cert@hikari-power.example',
    networks: [
      { id: 'demo-hikari-power-v4', prefix: '198.19.0.0/24', name: 'customer portal and remote access' },
      { id: 'demo-hikari-power-v6', prefix: '2001:db8:500::/48', name: 'customer portal (IPv6)' },
    ],
  },
];

/** What {@link seedDemo} did, by the demo set's names. */
export interface SeedResult {
  /** Organisations created now. */
  readonly created: readonly string[];
  /** Organisations already present (left untouched, whatever they are called now). */
  readonly existing: readonly string[];
}

/**
 * Registers the demo organisations and networks, under their fixed ids, in one transaction.
 * Idempotent by id: an organisation already present is left entirely as it is — renamed, edited,
 * networks changed or removed — so it can run at every demo start. A demo organisation that was
 * removed is registered again. Databases seeded before the ids were fixed hold the demo set under
 * random ids: an organisation found there by its demo name, or by one of its demo prefixes, counts
 * as present too.
 *
 * @throws `SAKIMORI_ERR_REGISTRY_PREFIX_OVERLAP` when a demo prefix overlaps another
 *   organisation's network; nothing is registered then.
 */
export function seedDemo(registry: OperatorRegistry, organizations: readonly DemoOrganization[] = DEMO_ORGANIZATIONS): Promise<SeedResult> {
  return registry.transaction(async (r) => {
    const created: string[] = [];
    const existing: string[] = [];
    for (const org of organizations) {
      if (await isPresent(r, org)) {
        existing.push(org.name);
        continue;
      }
      const { id, networks, ...fields } = org;
      await r.organizations.create(fields, { id });
      for (const { id: networkId, ...n } of networks) await r.networks.add({ ...n, organizationId: id }, { id: networkId });
      created.push(org.name);
    }
    return { created, existing };
  });
}

async function isPresent(r: OperatorRegistry, org: DemoOrganization): Promise<boolean> {
  if ((await r.organizations.get(org.id)) !== undefined) return true;
  if ((await r.organizations.findByName(org.name)) !== undefined) return true;
  for (const n of org.networks) if ((await r.networks.findByPrefix(n.prefix)) !== undefined) return true;
  return false;
}
