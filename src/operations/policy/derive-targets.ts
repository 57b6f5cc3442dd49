/**
 * Emergency target derivation: on the emergency path an officer may act only on what the attacks
 * the action cites show — their victims for victim-side measures, their observed sources for
 * source-side measures, and the domains threat intelligence links to them for the RPZ. This is
 * what keeps an active attack somewhere from opening the emergency path to anything else.
 *
 * Security invariant enforced here: every target of an emergency action is derived from a linked
 * attack that is active now; {@link firstUnderivedTarget} names the first one that is not.
 *
 * Pure: no I/O, no `node:` imports.
 */
import type { Prefix } from '../../core/ip.js';
import type { CountermeasureAction } from '../catalogue/action.js';
import { parseTarget, prefixCovers } from '../catalogue/prefixes.js';

/** What the policy knows of one attack the action cites. */
export interface LinkedAttackFacts {
  readonly id: string;
  /** Active at the time of the decision. */
  readonly active: boolean;
  /** The victim host (a host prefix) or the attacked prefix (carpet bombing). */
  readonly target: Prefix;
  /** Observed sources, as canonical host addresses (`100.64.0.1`, `2001:db8::1`). */
  readonly sources: ReadonlySet<string>;
  /** Domains threat intelligence links to the attack, lower case without the trailing dot. */
  readonly domains: ReadonlySet<string>;
}

/** A target that is not derived from an active linked attack, and why. */
export interface Underived {
  readonly target: string;
  readonly reason: string;
}

/** The canonical host text of a host target (`192.0.2.1/32` → `192.0.2.1`), or undefined for a wider prefix. */
function hostText(text: string, where: string): string | undefined {
  const t = parseTarget(text, where);
  return t.prefix.length === 128 ? t.text.slice(0, t.text.indexOf('/')) : undefined;
}

function victimOf(active: readonly LinkedAttackFacts[], text: string, where: string): boolean {
  const t = parseTarget(text, where);
  return active.some((a) => prefixCovers(a.target, t.prefix));
}

function observedSource(attacks: readonly LinkedAttackFacts[], text: string, where: string): Underived | undefined {
  const host = hostText(text, where);
  if (host === undefined) return { target: text, reason: 'only observed source addresses may be acted on in an emergency, not prefixes' };
  return attacks.some((a) => a.sources.has(host)) ? undefined : { target: text, reason: 'not an observed source of a linked active attack' };
}

function linkedDomain(active: readonly LinkedAttackFacts[], domain: string): Underived | undefined {
  return active.some((a) => a.domains.has(domain)) ? undefined : { target: domain, reason: 'no threat intelligence links this domain to a linked active attack' };
}

/**
 * The first target of `action` that the active attacks among `attacks` do not show, or undefined
 * when every target is derived from them.
 */
export function firstUnderivedTarget(action: CountermeasureAction, attacks: readonly LinkedAttackFacts[]): Underived | undefined {
  const active = attacks.filter((a) => a.active);
  switch (action.mechanism) {
    case 'rtbh':
      return victimOf(active, action.victim, '/action/victim') ? undefined : { target: action.victim, reason: 'not the victim of a linked active attack' };
    case 'flowspec': {
      const m = action.match;
      if (m.kind === 'traffic') return victimOf(active, m.destination, '/action/match/destination') ? undefined : { target: m.destination, reason: 'not inside the target of a linked active attack' };
      // Sources count only for an attack on the destination: never one attack's bots for another victim.
      const d = m.destination;
      const onVictim = d === null ? active : active.filter((a) => prefixCovers(a.target, parseTarget(d, '/action/match/destination').prefix));
      if (d !== null && onVictim.length === 0) return { target: d, reason: 'not inside the target of a linked active attack' };
      for (const s of m.sources) {
        const u = observedSource(onVictim, s, '/action/match/sources');
        if (u !== undefined) return u;
      }
      return undefined;
    }
    case 'blocklist':
      for (const p of action.prefixes) {
        const u = observedSource(active, p, '/action/prefixes');
        if (u !== undefined) return u;
      }
      return undefined;
    case 'abuse_notice':
      for (const s of action.sources) {
        const u = observedSource(active, s, '/action/sources');
        if (u !== undefined) return u;
      }
      return undefined;
    case 'isp_notice':
      for (const h of action.hosts) {
        const u = observedSource(active, h.address, '/action/hosts');
        if (u !== undefined) return u;
      }
      return undefined;
    case 'dns_rpz':
      for (const d of action.domains) {
        const u = linkedDomain(active, d);
        if (u !== undefined) return u;
      }
      return undefined;
    case 'access_neutralisation': {
      const t = action.target;
      if (t.address === null && t.domain === null) return { target: '(target by description)', reason: 'a target given only by description cannot be derived from an attack' };
      if (t.address !== null) {
        const u = observedSource(active, t.address, '/action/target/address');
        if (u !== undefined) return u;
      }
      return t.domain === null ? undefined : linkedDomain(active, t.domain);
    }
  }
}
