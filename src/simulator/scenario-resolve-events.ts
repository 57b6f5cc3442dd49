/**
 * Checks and defaults for the timed events of a scenario: attacks (target, rate from a rate or
 * from the stated thresholds, vector mix, sources) and C2 beacons.
 *
 * Pure: no I/O.
 */
import { formatPrefix, parsePrefix, tryParseAddress, type AddressWords, type Prefix } from '../core/ip.js';
import { BEACON_PORTS, MIRRORFACE_C2 } from './networks.js';
import { hashLabel } from './random.js';
import { ScenarioIssue } from './scenario-errors.js';
import { networkOf, prefixWithin } from './network-lookup.js';
import type { AttackFile, AttackKind, BeaconFile } from './scenario-schema.js';
import { AMPLIFICATION_VECTORS, VECTORS, type AttackSpec, type BeaconSpec, type NetworkDef, type TargetDef, type Thresholds, type VectorName } from './scenario-types.js';

/** What event checks need from the rest of the scenario. */
export interface EventContext {
  readonly networks: readonly NetworkDef[];
  readonly carried: ReadonlySet<number>;
  /** Networks carried by an exporter that can export IPv6 (not NetFlow v5). */
  readonly carried6: ReadonlySet<number>;
  readonly thresholds: Thresholds;
  readonly durationMs: number;
  readonly repeat: boolean;
}

/** Default vector mixes by attack kind. */
const DEFAULT_VECTORS: Record<AttackKind, Partial<Record<VectorName, number>>> = {
  syn: { syn: 1 },
  ack: { ack: 1 },
  rst: { rst: 1 },
  stomp: { stomp: 1 },
  udp: { udp: 1 },
  icmp: { icmp: 1 },
  gre: { gre: 1 },
  fragment: { fragment: 1 },
  amplification: { dns: 1 },
  carpet: { syn: 0.5, udp: 0.5 },
  // Mirai-derived botnets of the Dec 2024 – Jan 2025 wave: SYN, ACK, stomp, GRE and UDP floods.
  botnet: { syn: 0.25, ack: 0.2, stomp: 0.15, gre: 0.2, udp: 0.2 },
};

/** Carpet bombing enumerates every address of its prefix; beyond this it is not a carpet. */
const MAX_CARPET_HOSTS = 65536;
/** Members of one half of the outside ranges (a /11). */
const HALF_RANGE = 1 << 21;

function resolveTarget(text: string, path: (string | number)[], ctx: EventContext): TargetDef {
  let prefix: Prefix;
  try {
    prefix = parsePrefix(text, { strict: true });
  } catch {
    throw new ScenarioIssue(path, `must be an IP address or prefix such as 192.0.2.10 or 198.18.0.0/22 (got ${JSON.stringify(text)})`);
  }
  const network = ctx.networks.find((n) => prefixWithin(n, prefix));
  if (network === undefined) throw new ScenarioIssue(path, `${text} is not inside a protected network (${ctx.networks.map((n) => n.name).join(', ')})`);
  if (!ctx.carried.has(network.index)) throw new ScenarioIssue(path, `no exporter carries ${network.name}`);
  if (prefix.family === 6 && !ctx.carried6.has(network.index)) throw new ScenarioIssue(path, `only NetFlow v5 exporters carry ${network.name}, and v5 cannot export IPv6`);
  const hostBits = 128 - prefix.length;
  return {
    text: prefix.length === 128 ? text : formatPrefix(prefix),
    prefix,
    isHost: hostBits === 0,
    family: prefix.family,
    network: network.index,
    hosts: hostBits >= 32 ? 2 ** 32 : 2 ** hostBits,
  };
}

function resolveRate(a: AttackFile, path: (string | number)[], target: TargetDef, ctx: EventContext): number {
  // In the order written, so the complaint lands on the second one the author wrote.
  const given = Object.keys(a).filter((k): k is 'rate' | 'thresholdMultiple' | 'hostFraction' => k === 'rate' || k === 'thresholdMultiple' || k === 'hostFraction');
  if (given.length === 0) throw new ScenarioIssue(path, 'needs one of rate, thresholdMultiple or hostFraction');
  if (given.length > 1) throw new ScenarioIssue([...path, given[1]!], `give only one of rate, thresholdMultiple or hostFraction (also has ${given[0]})`);
  const t = ctx.thresholds;
  if (a.hostFraction !== undefined) {
    if (a.kind !== 'carpet') throw new ScenarioIssue([...path, 'hostFraction'], 'only carpet attacks take hostFraction');
    if (t.hostPps === undefined) throw new ScenarioIssue([...path, 'hostFraction'], 'needs thresholds.hostPps in the scenario');
    return a.hostFraction * t.hostPps * target.hosts;
  }
  if (a.thresholdMultiple !== undefined) {
    const base = target.isHost ? t.hostPps : t.prefixPps;
    if (base === undefined) throw new ScenarioIssue([...path, 'thresholdMultiple'], `needs thresholds.${target.isHost ? 'hostPps' : 'prefixPps'} in the scenario`);
    return a.thresholdMultiple * base;
  }
  return a.rate!;
}

function resolveVectors(a: AttackFile, path: (string | number)[]): { name: VectorName; weight: number }[] {
  const mixable = a.kind === 'botnet' || a.kind === 'carpet' || a.kind === 'amplification';
  if (a.vectors !== undefined && !mixable) throw new ScenarioIssue([...path, 'vectors'], 'only botnet, carpet and amplification attacks take a vector mix');
  const raw: Record<string, number> = a.vectors ?? (DEFAULT_VECTORS[a.kind] as Record<string, number>);
  const out: { name: VectorName; weight: number }[] = [];
  let total = 0;
  for (const [name, weight] of Object.entries(raw)) {
    if (!(VECTORS as readonly string[]).includes(name)) throw new ScenarioIssue([...path, 'vectors', name], `unknown vector; known: ${VECTORS.join(', ')}`);
    const amp = AMPLIFICATION_VECTORS.includes(name as VectorName);
    if (a.kind === 'amplification' && !amp) throw new ScenarioIssue([...path, 'vectors', name], `amplification attacks take reflection vectors only (${AMPLIFICATION_VECTORS.join(', ')})`);
    if (weight > 0) out.push({ name: name as VectorName, weight });
    total += weight;
  }
  if (total <= 0) throw new ScenarioIssue([...path, 'vectors'], 'at least one vector needs a positive weight');
  return out.map((v) => ({ name: v.name, weight: v.weight / total }));
}

function checkWindow(path: (string | number)[], startMs: number, durationMs: number, ctx: EventContext): void {
  if (startMs + durationMs > ctx.durationMs) {
    throw new ScenarioIssue([...path, 'duration'], `must end within the scenario: start + duration is ${(startMs + durationMs) / 1000} s, the scenario lasts ${ctx.durationMs / 1000} s`);
  }
}

/** Resolves attack `i`. */
export function resolveAttack(a: AttackFile, i: number, ctx: EventContext): AttackSpec {
  const path = ['attacks', i];
  const target = resolveTarget(a.target, [...path, 'target'], ctx);
  if (a.kind === 'carpet' && (target.isHost || target.hosts > MAX_CARPET_HOSTS)) {
    throw new ScenarioIssue([...path, 'target'], `carpet bombing needs a prefix of 2 to ${MAX_CARPET_HOSTS} addresses, such as a /22`);
  }
  const ratePps = resolveRate(a, path, target, ctx);
  const vectors = resolveVectors(a, path);
  const sources = a.sources ?? 1000;
  const reflectors = a.reflectors ?? a.sources ?? 1000;
  const ampCount = vectors.filter((v) => AMPLIFICATION_VECTORS.includes(v.name)).length;
  if (ampCount * reflectors > HALF_RANGE) throw new ScenarioIssue([...path, 'reflectors'], `at most ${Math.floor(HALF_RANGE / ampCount)} reflectors per vector fit the reflector range`);
  const startMs = a.start * 1000;
  const durationMs = a.duration * 1000;
  checkWindow(path, startMs, durationMs, ctx);
  return {
    index: i,
    name: a.name ?? `${a.kind}-${i + 1}`,
    kind: a.kind,
    startMs,
    durationMs,
    target,
    ratePps,
    sources,
    reflectors,
    botnetKey: a.botnet === undefined ? undefined : hashLabel(`botnet:${a.botnet}`),
    vectors,
    ports: a.ports,
    packetSize: a.packetSize,
  };
}

function parseHost(text: string, path: (string | number)[]): AddressWords {
  const w = tryParseAddress(text);
  if (w === undefined) throw new ScenarioIssue(path, `must be an IP address (got ${JSON.stringify(text)})`);
  return w;
}

/** Resolves beacon `i`. */
export function resolveBeacon(b: BeaconFile, i: number, ctx: EventContext): BeaconSpec {
  const path = ['beacons', i];
  const host = parseHost(b.host, [...path, 'host']);
  const family: 4 | 6 = b.host.includes(':') ? 6 : 4;
  const network = networkOf(ctx.networks, host);
  if (network < 0) throw new ScenarioIssue([...path, 'host'], 'must be a host inside a protected network (the infected machine)');
  if (!(family === 6 ? ctx.carried6 : ctx.carried).has(network)) throw new ScenarioIssue([...path, 'host'], `no exporter that can export IPv${family} carries ${ctx.networks[network]!.name}`);
  const c2 = (b.c2 ?? MIRRORFACE_C2).map((text, j) => {
    const words = parseHost(text, [...path, 'c2', j]);
    if ((text.includes(':') ? 6 : 4) !== family) throw new ScenarioIssue([...path, 'c2', j], 'must be of the same address family as host');
    if (networkOf(ctx.networks, words) >= 0) throw new ScenarioIssue([...path, 'c2', j], 'must be outside the protected networks');
    return { words, text };
  });
  const startMs = (b.start ?? 0) * 1000;
  const durationMs = b.duration === undefined ? Number.POSITIVE_INFINITY : b.duration * 1000;
  if (Number.isFinite(durationMs)) checkWindow(path, startMs, durationMs, ctx);
  else if (startMs >= ctx.durationMs) throw new ScenarioIssue([...path, 'start'], 'must be within the scenario');
  return {
    index: i,
    name: b.name ?? `beacon-${i + 1}`,
    host,
    hostText: b.host,
    network,
    family,
    c2,
    port: b.port ?? BEACON_PORTS[i % BEACON_PORTS.length]!,
    intervalMs: b.interval * 1000,
    jitter: b.jitter ?? 0.1,
    startMs,
    durationMs,
  };
}
