/**
 * Builds the published events of a detection from the engine state: identity, evidence, and the
 * `attack.*` and `host.infected` payloads. Plain data out; nothing here changes state except the
 * "reported" mark on internal sources.
 *
 * Pure: no I/O.
 */
import { asId, type AttackId } from '../core/ids.js';
import type { AttackEvidence, AttackIdentity, AttackUpdated, HostInfected, InfectionEvidence } from './attack.js';
import { SourceFlag, type EnrichFunction } from './attack-accumulator.js';
import { addressText, type Detection } from './detection.js';
import type { EngineState } from './engine-state.js';
import { hitExtent } from './hit-extent.js';
import { readClassRates, SERIES } from './traffic-class.js';

/** The ring, base offset and thresholds a detection is measured against. */
export interface TargetView {
  readonly data: Float32Array;
  readonly base: number;
  readonly thr: Float64Array;
  readonly thrOff: number;
}

/** The ring and thresholds of a detection's target. */
export function targetView(st: EngineState, d: Detection): TargetView {
  if (d.scope === 'host') return { data: st.hosts.data, base: d.entity * st.stride, thr: st.hostThr, thrOff: d.net * SERIES };
  if (d.scope === 'prefix') return { data: st.prefixData, base: d.entity * st.stride, thr: st.prefixThr, thrOff: d.entity * SERIES };
  return { data: st.outHosts!.data, base: d.entity * st.stride, thr: st.outThr, thrOff: 0 };
}

/** Fields every attack event carries. */
export function identity(st: EngineState, d: Detection): AttackIdentity {
  return {
    attackId: asId<AttackId>(d.id),
    scope: d.scope === 'prefix' ? 'prefix' : 'host',
    target: d.target,
    family: d.family,
    networkId: st.networks.ids[d.net] ?? '',
    organizationId: st.networks.organizationIds[d.net] ?? '',
    networkPrefix: st.networks.prefixTexts[d.net] ?? '',
    startedAt: d.startedAt,
  };
}

/** Vectors, top sources, counts and (carpet bombing) the hit extent so far. */
export function evidence(st: EngineState, d: Detection, enrich: EnrichFunction | undefined): AttackEvidence {
  const cfg = st.config.attackers;
  const extent = d.acc.targets === undefined ? undefined : hitExtent(d.acc.targets, d.vectorMask(cfg.minVectorShare), d.family);
  return {
    vectors: d.acc.vectors(cfg.minVectorShare, d.ordinaryPackets()),
    topSources: d.attackers(cfg.top, cfg.minVectorShare, enrich),
    sourceCount: d.acc.sourceCount.estimate(),
    targetCount: d.scope === 'host' ? 1 : d.acc.targetCount.estimate(),
    totals: { packets: Math.round(d.acc.packets), bytes: Math.round(d.acc.bytes) },
    ...(extent === undefined ? {} : { extent }),
  };
}

/** The `attack.updated` event describing second `second` (epoch seconds, engine timeline; the event says it in own time). */
export function updated(st: EngineState, d: Detection, second: number, nowMs: number, enrich: EnrichFunction | undefined): AttackUpdated {
  const v = targetView(st, d);
  return {
    kind: 'attack.updated',
    ...identity(st, d),
    ...evidence(st, d, enrich),
    at: nowMs,
    second: second * 1000 - d.shiftMs,
    rates: readClassRates(v.data, v.base + st.bucket(second)),
    peak: readClassRates(d.peak, 0),
  };
}

/** A `host.infected` event for a host inside protected network `net`. */
export function infected(st: EngineState, host: { text: string; family: 4 | 6 }, net: number, nowMs: number, ev: InfectionEvidence): HostInfected {
  return {
    kind: 'host.infected',
    host: host.text,
    family: host.family,
    networkId: st.networks.ids[net] ?? '',
    organizationId: st.networks.organizationIds[net] ?? '',
    networkPrefix: st.networks.prefixTexts[net] ?? '',
    detectedAt: nowMs,
    evidence: ev,
  };
}

/** The infection report of an outbound flood. */
export function outboundInfection(st: EngineState, d: Detection, nowMs: number, enrich: EnrichFunction | undefined): HostInfected {
  const e = evidence(st, d, enrich);
  return infected(st, { text: d.target, family: d.family }, d.net, nowMs, {
    kind: 'outbound-flood',
    trigger: d.trigger,
    rates: d.startRates,
    vectors: e.vectors,
    topTargets: e.topSources,
    targetCount: e.targetCount,
  });
}

/**
 * Infection reports for listed sources of an attack that lie inside protected networks, each
 * once per attack (the source entry is marked reported).
 */
export function internalSourceInfections(st: EngineState, d: Detection, nowMs: number): HostInfected[] {
  const out: HostInfected[] = [];
  const s = d.acc.sources;
  const mask = d.vectorMask(st.config.attackers.minVectorShare);
  for (let e = 0; e < s.size; e++) {
    const f = s.flags[e]!;
    if ((f & SourceFlag.Internal) === 0 || (f & (SourceFlag.Known | SourceFlag.Reported)) !== 0 || (f & mask) === 0) continue;
    s.flags[e] = f | SourceFlag.Reported;
    const o = e * 4;
    const net = st.networks.table.lookup(s.keys[o]!, s.keys[o + 1]!, s.keys[o + 2]!, s.keys[o + 3]!);
    if (net < 0) continue;
    out.push(
      infected(st, addressText(s.keys, e), net, nowMs, {
        kind: 'attack-source',
        attackId: asId<AttackId>(d.id),
        attackTarget: d.target,
        packets: Math.round(s.count[e]!),
        bytes: Math.round(s.bytes[e]!),
      }),
    );
  }
  return out;
}
