/**
 * The DNS Response Policy Zone file (draft-vixie-dnsop-dns-rpz §4, as BIND, Unbound and PowerDNS
 * read it): one owner name per C2 domain relative to the zone origin, with the policy as data —
 * `CNAME .` answers NXDOMAIN, `CNAME *.` answers NODATA, local A/AAAA records sinkhole — and a
 * wildcard owner for the domain's subdomains.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { RpzAction, RpzPolicy } from '../../catalogue/action.js';

/** Settings of the zone. */
export interface RpzZoneOptions {
  readonly zone: string;
  readonly ttl: number;
  readonly serial: number;
  readonly sinkholeIpv4: string;
  readonly sinkholeIpv6: string;
}

/** One listed domain after merging every live action that names it. */
export interface RpzEntry {
  readonly domain: string;
  readonly policy: RpzPolicy;
  readonly includeSubdomains: boolean;
}

// When two actions list one name with different policies, the stronger denial wins; a name
// cannot hold two CNAMEs (RFC 1034 §3.6.2), so exactly one policy is written.
const STRENGTH: Readonly<Record<RpzPolicy, number>> = { nxdomain: 3, nodata: 2, sinkhole: 1 };

/** Merges the domains of live actions into one entry per name, sorted by name. */
export function mergeRpzEntries(actions: Iterable<RpzAction>): RpzEntry[] {
  const byName = new Map<string, RpzEntry>();
  for (const a of actions) {
    for (const domain of a.domains) {
      const old = byName.get(domain);
      const policy = old === undefined || STRENGTH[a.policy] > STRENGTH[old.policy] ? a.policy : old.policy;
      byName.set(domain, { domain, policy, includeSubdomains: (old?.includeSubdomains ?? false) || a.includeSubdomains });
    }
  }
  return [...byName.values()].sort((x, y) => (x.domain < y.domain ? -1 : x.domain > y.domain ? 1 : 0));
}

function records(owner: string, policy: RpzPolicy, o: RpzZoneOptions): string[] {
  switch (policy) {
    case 'nxdomain':
      return [`${owner} CNAME .`];
    case 'nodata':
      return [`${owner} CNAME *.`];
    case 'sinkhole':
      return [`${owner} A ${o.sinkholeIpv4}`, `${owner} AAAA ${o.sinkholeIpv6}`];
  }
}

/** The zone file text. */
export function renderRpzZone(entries: readonly RpzEntry[], o: RpzZoneOptions, generatedAt: string): string {
  const lines = [
    `; Sakimori DNS response policy zone ${o.zone}; generated ${generatedAt}; ${entries.length} name(s).`,
    '; Regenerated atomically by the platform: do not edit.',
    `$ORIGIN ${o.zone}.`,
    `$TTL ${o.ttl}`,
    `@ SOA localhost. hostmaster.localhost. ${o.serial} 3600 600 86400 ${o.ttl}`,
    '@ NS localhost.',
  ];
  for (const e of entries) {
    lines.push(...records(e.domain, e.policy, o));
    if (e.includeSubdomains) lines.push(...records(`*.${e.domain}`, e.policy, o));
  }
  return `${lines.join('\n')}\n`;
}
