/**
 * Proportionality guards, checked when a request is made or amended and again just before it is
 * executed: never act on allowlisted addresses (public resolvers, root servers, configured
 * entries), on special-purpose address space (loopback, multicast, broadcast, link-local,
 * reserved — for every mechanism, and through the IPv4 address a NAT64 or 6to4 form embeds) or on
 * protected operators' own infrastructure (except RTBH of their attacked host); never sinkhole an
 * allowlisted domain or a public suffix (`co.jp`); no prefix wider than the mechanism allows; no
 * more rules in force than allowed; no longer than allowed.
 *
 * Pure: no I/O, no `node:` imports.
 */
import { getDomain } from 'tldts';
import type { Prefix } from '../../core/ip.js';
import type { CountermeasureAction } from '../catalogue/action.js';
import { isSubdomainOf } from '../catalogue/domains.js';
import { isStanding, type Mechanism } from '../catalogue/mechanism.js';
import { parseTarget, prefixCovers, prefixesOverlap, writtenLength, type TargetPrefix } from '../catalogue/prefixes.js';
import { embeddedIPv4, specialPurposeBlock } from '../catalogue/special-purpose.js';
import type { OperationsConfig } from '../config.js';
import {
  ERR_OPERATIONS_GUARD_ALLOWLISTED,
  ERR_OPERATIONS_GUARD_DURATION,
  ERR_OPERATIONS_GUARD_NOT_PROTECTED,
  ERR_OPERATIONS_GUARD_NOT_VICTIM,
  ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE,
  ERR_OPERATIONS_GUARD_PROTECTED,
  ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX,
  ERR_OPERATIONS_GUARD_SPECIAL_PURPOSE,
  ERR_OPERATIONS_GUARD_TOO_MANY_RULES,
  ERR_OPERATIONS_INVALID_INPUT,
} from '../errors.js';
import { ruleCount } from '../catalogue/action.js';
import type { ApprovalPath } from './request.js';

/** A protected network as the guards see it. */
export interface GuardNetwork {
  readonly prefix: Prefix;
  readonly text: string;
  readonly organizationId: string;
  readonly organizationName: string;
}

/** The target of a linked attack (a host, or a prefix for carpet bombing). */
export interface GuardVictim {
  readonly attackId: string;
  readonly target: Prefix;
}

/** Everything one check needs besides the configuration. */
export interface GuardInput {
  readonly action: CountermeasureAction;
  readonly durationSeconds: number | null;
  readonly path: ApprovalPath;
  readonly networks: readonly GuardNetwork[];
  readonly victims: readonly GuardVictim[];
  /** Rules of this mechanism in force or approved now, not counting this request. */
  readonly rulesInForce: number;
}

type Limits = { readonly ipv4: number; readonly ipv6: number };

/** The guards, with their allowlist parsed once. */
export class ProportionalityGuards {
  readonly #settings: OperationsConfig['guards'];
  readonly #emergencyMaxSeconds: number;
  readonly #allowlist: readonly TargetPrefix[];

  constructor(config: Pick<OperationsConfig, 'guards' | 'emergency'>) {
    this.#settings = config.guards;
    this.#emergencyMaxSeconds = config.emergency.maxDurationSeconds;
    this.#allowlist = [...config.guards.allowlist, ...config.guards.extraAllowlist].map((t, i) => parseTarget(t, `operations.guards.allowlist[${i}]`));
  }

  /** Throws the first guard the request breaks; returns normally when it is proportionate. */
  check(g: GuardInput): void {
    this.#checkDuration(g);
    this.#checkCounts(g);
    this.#checkTargets(g);
  }

  #checkDuration(g: GuardInput): void {
    const m = g.action.mechanism;
    if (!isStanding(m)) {
      if (g.durationSeconds !== null) throw new ERR_OPERATIONS_INVALID_INPUT('/durationSeconds', `${m} is sent once and takes no duration`);
      return;
    }
    const max = g.path === 'emergency' ? Math.min(this.#emergencyMaxSeconds, this.#settings.maxDurationSeconds[m]) : this.#settings.maxDurationSeconds[m];
    const min = this.#settings.minDurationSeconds;
    if (g.durationSeconds === null) throw new ERR_OPERATIONS_INVALID_INPUT('/durationSeconds', `${m} needs a duration`);
    if (g.durationSeconds < min || g.durationSeconds > max) {
      throw new ERR_OPERATIONS_GUARD_DURATION(String(g.durationSeconds), `${min}–${max} s for ${m}${g.path === 'emergency' ? ' on the emergency path' : ''}`);
    }
  }

  #checkCounts(g: GuardInput): void {
    const m = g.action.mechanism;
    const n = ruleCount(g.action);
    if (n > this.#settings.maxTargetsPerRequest) throw new ERR_OPERATIONS_GUARD_TOO_MANY_RULES(m, String(n), `${this.#settings.maxTargetsPerRequest} per request`);
    const limits = this.#settings.maxConcurrentRules as Partial<Record<Mechanism, number>>;
    const limit = limits[m];
    if (limit !== undefined && g.rulesInForce + n > limit) throw new ERR_OPERATIONS_GUARD_TOO_MANY_RULES(m, String(g.rulesInForce + n), `${limit} in force`);
  }

  #checkTargets(g: GuardInput): void {
    const s = this.#settings;
    const a = g.action;
    switch (a.mechanism) {
      case 'rtbh': {
        const v = parseTarget(a.victim, '/action/victim');
        this.#notAllowlisted(v);
        this.#notSpecial(v);
        // The one exception to "never a protected operator's own address": blackholing its own
        // attacked host, as a last resort, when a linked attack shows it is the victim.
        if (!g.victims.some((x) => prefixCovers(x.target, v.prefix))) throw new ERR_OPERATIONS_GUARD_NOT_VICTIM(a.victim);
        return;
      }
      case 'flowspec': {
        if (a.match.kind === 'traffic') return this.#protectedDestination(a.match.destination, g, s.flowspecDestination);
        if (a.match.destination !== null) this.#protectedDestination(a.match.destination, g, s.flowspecDestination);
        for (const src of a.match.sources) this.#actedOn(parseTarget(src, '/action/match/sources'), g, s.flowspecSource);
        return;
      }
      case 'blocklist':
        for (const p of a.prefixes) this.#actedOn(parseTarget(p, '/action/prefixes'), g, s.blocklist);
        return;
      case 'abuse_notice':
        for (const p of a.sources) this.#actedOn(parseTarget(p, '/action/sources'), g, undefined);
        return;
      case 'dns_rpz':
        for (const d of a.domains) this.#domainAllowed(d);
        return;
      case 'isp_notice':
        for (const h of a.hosts) {
          const t = parseTarget(h.address, '/action/hosts');
          this.#notSpecial(t);
          if (!g.networks.some((n) => n.organizationId === a.organizationId && prefixCovers(n.prefix, t.prefix))) {
            throw new ERR_OPERATIONS_GUARD_NOT_PROTECTED(h.address, `the protected networks of organisation ${a.organizationId}`);
          }
        }
        return;
      case 'access_neutralisation':
        if (a.target.address !== null) this.#actedOn(parseTarget(a.target.address, '/action/target/address'), g, undefined);
        if (a.target.domain !== null) this.#domainAllowed(a.target.domain);
        return;
    }
  }

  #notAllowlisted(t: TargetPrefix): void {
    const hit = this.#allowlist.find((x) => prefixesOverlap(x.prefix, t.prefix));
    if (hit !== undefined) throw new ERR_OPERATIONS_GUARD_ALLOWLISTED(t.text, `overlaps ${hit.text}`);
    const v4 = embeddedIPv4(t.prefix);
    const embedded = v4 === undefined ? undefined : this.#allowlist.find((x) => prefixesOverlap(x.prefix, v4));
    if (embedded !== undefined) throw new ERR_OPERATIONS_GUARD_ALLOWLISTED(t.text, `embeds an IPv4 address overlapping ${embedded.text}`);
  }

  /** Never loopback, multicast, broadcast, link-local, reserved space — nor an IPv6 form embedding it. */
  #notSpecial(t: TargetPrefix): void {
    const block = specialPurposeBlock(t.prefix);
    if (block !== undefined) throw new ERR_OPERATIONS_GUARD_SPECIAL_PURPOSE(t.text, `${block.text}, ${block.name}`);
    const v4 = embeddedIPv4(t.prefix);
    const inner = v4 === undefined ? undefined : specialPurposeBlock(v4);
    if (inner !== undefined) throw new ERR_OPERATIONS_GUARD_SPECIAL_PURPOSE(t.text, `it embeds an IPv4 address in ${inner.text}, ${inner.name}`);
  }

  #wideEnough(t: TargetPrefix, limits: Limits | undefined): void {
    if (limits === undefined) return;
    const min = t.prefix.family === 4 ? limits.ipv4 : limits.ipv6;
    if (writtenLength(t.prefix) < min) throw new ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE(t.text, `/${min} or longer for IPv${t.prefix.family}`);
  }

  /** A third-party address the measure acts on: not allowlisted, not a protected operator's, not too wide. */
  #actedOn(t: TargetPrefix, g: GuardInput, limits: Limits | undefined): void {
    this.#wideEnough(t, limits);
    this.#notAllowlisted(t);
    this.#notSpecial(t);
    if (!this.#settings.protectOperatorInfrastructure) return;
    const v4 = embeddedIPv4(t.prefix);
    const n = g.networks.find((x) => prefixesOverlap(x.prefix, t.prefix) || (v4 !== undefined && prefixesOverlap(x.prefix, v4)));
    if (n !== undefined) throw new ERR_OPERATIONS_GUARD_PROTECTED(t.text, `${n.organizationName} (${n.text})`);
  }

  /** The destination a FlowSpec rule protects: inside a protected network, not too wide. */
  #protectedDestination(text: string, g: GuardInput, limits: Limits): void {
    const t = parseTarget(text, '/action/match/destination');
    this.#wideEnough(t, limits);
    this.#notAllowlisted(t);
    this.#notSpecial(t);
    if (!g.networks.some((n) => prefixCovers(n.prefix, t.prefix))) throw new ERR_OPERATIONS_GUARD_NOT_PROTECTED(t.text, 'a protected network');
  }

  /** Never an allowlisted domain or one under it, and never a public suffix (ICANN or private section of the PSL). */
  #domainAllowed(d: string): void {
    const hit = this.#settings.allowlistDomains.find((x) => isSubdomainOf(d, x.toLowerCase().replace(/\.$/, '')));
    if (hit !== undefined) throw new ERR_OPERATIONS_GUARD_ALLOWLISTED(d, `under ${hit}`);
    // `co.jp` has no registrable domain: it is a suffix under which others register theirs.
    if (getDomain(d, { allowPrivateDomains: true }) === null) throw new ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX(d);
  }
}
