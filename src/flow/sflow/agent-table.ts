/**
 * Sequence-number state of sFlow agents, per exporter: one entry per agent address + sub-agent id
 * (sFlow v5 §4: the datagram sequence number is per sub-agent), each with the flow-sample
 * sequence number expected next per source id. Bounded: {@link MAX_AGENTS_PER_EXPORTER} agents
 * and {@link MAX_SOURCES_PER_AGENT} sources; beyond that, samples are decoded but not tracked.
 *
 * Pure: no I/O.
 */
import type { ExporterCounters } from '../decoder.js';
import { u32 } from '../bytes.js';

/** Agents tracked per exporter (one router normally runs one agent, a few sub-agents). */
export const MAX_AGENTS_PER_EXPORTER = 16;
/** Source ids tracked per agent (one per sampled interface or VLAN). */
export const MAX_SOURCES_PER_AGENT = 4096;

/** One agent + sub-agent. */
export class AgentState {
  hasSequence = false;
  nextSequence = 0;
  /** Next expected flow-sample sequence number by source key (type × 2^32 + index). */
  readonly sources = new Map<number, number>();
  constructor(
    readonly address: Uint32Array,
    readonly addressLength: number,
    readonly subAgent: number,
  ) {}
}

/** Agents by exporter index. */
export class AgentTable {
  readonly #byExporter = new Map<number, AgentState[]>();

  /**
   * The agent whose address is `d[at, at + length)` with `subAgent`, created on first sight;
   * undefined once the exporter has {@link MAX_AGENTS_PER_EXPORTER} other agents.
   */
  agent(exporterIndex: number, d: Uint8Array, at: number, length: number, subAgent: number): AgentState | undefined {
    let agents = this.#byExporter.get(exporterIndex);
    if (agents === undefined) {
      agents = [];
      this.#byExporter.set(exporterIndex, agents);
    }
    const words = length / 4;
    for (const a of agents) {
      if (a.subAgent !== subAgent || a.addressLength !== length) continue;
      let same = true;
      for (let k = 0; k < words && same; k++) same = a.address[k] === u32(d, at + k * 4);
      if (same) return a;
    }
    if (agents.length >= MAX_AGENTS_PER_EXPORTER) return undefined;
    const address = new Uint32Array(words);
    for (let k = 0; k < words; k++) address[k] = u32(d, at + k * 4);
    const a = new AgentState(address, length, subAgent);
    agents.push(a);
    return a;
  }

  /** Checks a flow sample's sequence number against its source's: a gap is that many lost records. */
  sampleSequence(agent: AgentState, sourceType: number, sourceIndex: number, sequence: number, counters: ExporterCounters): void {
    const key = (sourceType & 0xff) * 4294967296 + sourceIndex;
    const expected = agent.sources.get(key);
    if (expected !== undefined) {
      // Gaps and resets are counted once per datagram from the agent's sequence; here only the
      // number of samples (= flow records) lost is added.
      const diff = (sequence - expected) | 0;
      if (diff > 0) counters.lostRecords += diff;
    } else if (agent.sources.size >= MAX_SOURCES_PER_AGENT) {
      return;
    }
    agent.sources.set(key, (sequence + 1) >>> 0);
  }

  /** Agents plus sources tracked, over all exporters. */
  get size(): number {
    let n = 0;
    for (const agents of this.#byExporter.values()) for (const a of agents) n += 1 + a.sources.size;
    return n;
  }

  /** Drops all agents of an exporter. */
  forget(exporterIndex: number): void {
    this.#byExporter.delete(exporterIndex);
  }
}
