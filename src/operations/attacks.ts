/**
 * What operations needs to know about attacks, as an interface the composition root implements
 * over detection's attacks table (`AttackLookup`). Operations never imports detection's engine:
 * it only asks whether an attack exists, whether it is active now, whom it hits and from where.
 */

/** One attack as operations sees it. */
export interface AttackView {
  readonly id: string;
  /** `host` (one victim) or `prefix` (carpet bombing of a protected prefix). */
  readonly scope: 'host' | 'prefix';
  /** The victim host address, or the attacked prefix. */
  readonly target: string;
  readonly organizationId: string;
  readonly networkId: string;
  /** Vectors by share of packets, largest first (`syn_flood`, `reflection` with its service and port, …). */
  readonly vectors: readonly { readonly vector: string; readonly service?: string; readonly port?: number; readonly share: number }[];
  readonly startedAt: number;
  /** Null while the attack is going on. */
  readonly endedAt: number | null;
}

/** One source on an attack's attacker list. */
export interface AttackerView {
  readonly address: string;
  readonly packets: number;
  readonly bytes: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  readonly vectors: readonly string[];
  readonly country?: string;
  readonly asn?: number;
}

/** Read access to detected attacks. */
export interface AttackLookup {
  /** The attack, or undefined when detection has never seen it. */
  get(id: string): Promise<AttackView | undefined>;
  /** True while the attack is active (started and not ended) at the time of the call. */
  isActive(id: string): Promise<boolean>;
  /** The attack's attacker list, largest sources first; empty for unknown attacks. */
  attackers(id: string): Promise<readonly AttackerView[]>;
  /**
   * Domains threat intelligence links to the attack (C2 domains of the botnet behind it), lower
   * case without the trailing dot; what the emergency path may sinkhole.
   */
  linkedDomains(id: string): Promise<readonly string[]>;
}
