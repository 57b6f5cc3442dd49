/**
 * The model the approval invariant is checked against: who legitimately holds which role (by the
 * rules, applied here independently of the platform: the commission role only once a different
 * sitting member confirmed it, never together with a requester's or an admin's role), which attacks
 * are active and what they show, and every vote and emergency action the platform accepted.
 *
 * The invariant: no countermeasure executes unless (a) a quorum of distinct commission members,
 * none of them the requester or the person who last amended it, approved exactly the digest that
 * executes, or (b) it is an emergency action whose every target is derived from an active attack it
 * cites, by an actor allowed to act in emergencies, and it is reviewed afterwards.
 */
import type { Role } from '../../../core/roles.js';

/** The people of the invariant run, by user name. */
export const PEOPLE = ['off1', 'off2', 'def1', 'ana1', 'mem1', 'mem2', 'mem3', 'adm1', 'mal'] as const;
/** One of {@link PEOPLE}. */
export type Person = (typeof PEOPLE)[number];

/** The roles each person starts every sequence with. */
export const BASELINE: Readonly<Record<Person, readonly Role[]>> = {
  off1: ['designated_officer'],
  off2: ['designated_officer'],
  def1: ['defence_operator'],
  ana1: ['nco_analyst'],
  mem1: ['commission_member'],
  mem2: ['commission_member'],
  mem3: ['commission_member'],
  adm1: ['admin'],
  mal: ['auditor'],
};

/** Roles that may request some countermeasure (and so may never sit on the commission). */
const REQUESTER_ROLES: readonly Role[] = ['nco_analyst', 'designated_officer', 'defence_operator'];

/** An attack as the model knows it. */
export interface ModelAttack {
  readonly id: string;
  readonly victim: string;
  readonly sources: ReadonlySet<string>;
  active: boolean;
}

/** A request the platform accepted. */
export interface ModelRequest {
  readonly id: string;
  readonly requester: Person;
  readonly path: 'prior' | 'emergency';
  /** Who amended it last (the requester, when it never was). */
  lastAmender: Person;
}

/** A vote the platform accepted, and whether the model says the voter could cast it. */
export interface ModelVote {
  readonly request: string;
  readonly voter: Person;
  readonly decision: 'approve' | 'reject';
  readonly digest: string;
  /** The voter held the commission role by the rules when the vote was accepted. */
  readonly member: boolean;
}

/** An emergency action the platform accepted, and whether the model says it could be taken. */
export interface ModelEmergency {
  readonly request: string;
  readonly actor: Person;
  /** The actor was a designated officer by the rules. */
  readonly officer: boolean;
  /** Every target was derived from an active attack it cites (or why not). */
  readonly underived: string | null;
}

/** A pending grant of the commission role. */
export interface ModelGrant {
  readonly id: string;
  readonly user: Person;
  readonly grantedBy: Person;
}

/** The model of one sequence. */
export class InvariantModel {
  readonly roles = new Map<Person, Set<Role>>();
  readonly grants: ModelGrant[] = [];
  readonly attacks = new Map<string, ModelAttack>();
  readonly requests: ModelRequest[] = [];
  readonly votes: ModelVote[] = [];
  readonly emergencies = new Map<string, ModelEmergency>();
  readonly cases: string[] = [];
  /** Tokens the platform handed out, with their owner (the one who asked). */
  readonly tokens: { readonly owner: Person; readonly token: string }[] = [];
  /** What happened, for the failure report. */
  readonly log: string[] = [];

  constructor() {
    for (const p of PEOPLE) this.roles.set(p, new Set(BASELINE[p]));
  }

  has(p: Person, role: Role): boolean {
    return this.roles.get(p)!.has(role);
  }

  isMember(p: Person): boolean {
    return this.has(p, 'commission_member');
  }

  /**
   * An accepted role change: the new roles take effect at once, except the commission role, which
   * a change through the API only asks for (a pending grant); a role set without it withdraws it.
   */
  applyRoleChange(user: Person, by: Person, roles: readonly Role[], grantIds: readonly string[]): void {
    const held = this.isMember(user);
    const next = new Set(roles.filter((r) => r !== 'commission_member' || held));
    this.roles.set(user, next);
    for (let i = this.grants.length - 1; i >= 0; i--) if (this.grants[i]!.user === user && !roles.includes('commission_member')) this.grants.splice(i, 1);
    for (const id of grantIds) this.grants.push({ id, user, grantedBy: by });
  }

  /** True when the rules allow `by` to confirm `grant`: a sitting member, neither grantee nor granter. */
  mayConfirm(by: Person, grant: ModelGrant): boolean {
    return this.isMember(by) && by !== grant.user && by !== grant.grantedBy;
  }

  /** A confirmed grant: the grantee holds the commission role from now on. */
  confirm(grant: ModelGrant): void {
    this.roles.get(grant.user)!.add('commission_member');
    this.grants.splice(this.grants.indexOf(grant), 1);
  }

  /** Roles that may never be held together: the commission is independent of requesters and admins. */
  incompatible(roles: Iterable<Role>): boolean {
    const set = new Set(roles);
    return set.has('commission_member') && (set.has('admin') || REQUESTER_ROLES.some((r) => set.has(r)));
  }

  /** Why `action` is not derived from the active attacks among `cited`, or null when it is. */
  underived(action: { mechanism: string; [k: string]: unknown }, cited: readonly string[]): string | null {
    const active = cited.map((id) => this.attacks.get(id)).filter((a): a is ModelAttack => a !== undefined && a.active);
    if (active.length === 0) return 'no cited attack is active';
    const source = (addr: string): boolean => active.some((a) => a.sources.has(addr));
    switch (action.mechanism) {
      case 'blocklist':
        return (action['prefixes'] as string[]).every(source) ? null : 'a block-list entry is not an observed source';
      case 'access_neutralisation': {
        const t = action['target'] as { address?: string; domain?: string };
        if (t.domain !== undefined) return 'no intelligence links a domain to an attack here';
        return t.address !== undefined && source(t.address) ? null : 'the target is not an observed source';
      }
      case 'rtbh':
        return active.some((a) => a.victim === action['victim']) ? null : 'not the victim';
      case 'flowspec': {
        const m = action['match'] as { kind: string; destination?: string; sources?: string[] };
        if (m.kind === 'traffic') return active.some((a) => a.victim === m.destination) ? null : 'not the victim';
        const onVictim = m.destination === undefined ? active : active.filter((a) => a.victim === m.destination);
        return (m.sources ?? []).every((s) => onVictim.some((a) => a.sources.has(s))) && onVictim.length > 0 ? null : 'a source is not observed in the attack on the destination';
      }
      default:
        return `${action.mechanism} is not derivable from an attack here`;
    }
  }
}
