/**
 * The exporters the collector has heard from: one slot per exporter source address, with its
 * counters and settings. The slot index is what every flow record carries in its `exporter` column.
 *
 * The table is bounded (`maxExporters`): a flood of datagrams from spoofed sources cannot grow it
 * without limit; datagrams from addresses beyond the cap are dropped and counted.
 */
import type { ExporterInfo, ExporterView } from '../flow/consumer.js';
import { ExporterCounters } from '../flow/decoder.js';
import { formatAddress, parseAddress } from '../core/ip.js';
import type { CollectorConfig } from './config.js';

/** One exporter known to the collector. */
export interface ExporterSlot extends ExporterInfo {
  readonly name: string | undefined;
  /** Sampling rate assumed when the export does not carry one. */
  readonly defaultSamplingRate: number;
  /** When true, `defaultSamplingRate` replaces whatever the export says. */
  readonly overrideSamplingRate: boolean;
  /** Datagrams dropped because the queue was full. */
  queueDrops: number;
}

/** Bounded table of exporters keyed by source address. */
export class ExporterTable implements ExporterView {
  readonly #byAddress = new Map<string, ExporterSlot>();
  readonly #slots: ExporterSlot[] = [];
  readonly #settings = new Map<string, { name?: string; samplingRate?: number; samplingRateOverride?: boolean }>();
  readonly #max: number;
  readonly #defaultRate: number;
  /** Datagrams refused because the table was full. */
  overflowDrops = 0;

  constructor(config: Pick<CollectorConfig, 'maxExporters' | 'defaultSamplingRate' | 'exporters'>) {
    this.#max = config.maxExporters;
    this.#defaultRate = config.defaultSamplingRate;
    for (const e of config.exporters) {
      const canonical = formatAddress(...parseAddress(e.address));
      this.#settings.set(canonical, e);
    }
  }

  /**
   * Returns the slot for a source address as given by node:dgram (IPv4-mapped IPv6 addresses from
   * dual-stack sockets are folded to IPv4), creating it on first sight; undefined when the table is full.
   */
  lookup(address: string): ExporterSlot | undefined {
    let slot = this.#byAddress.get(address);
    if (slot !== undefined) return slot;
    const canonical = canonicalAddress(address);
    slot = this.#byAddress.get(canonical);
    if (slot === undefined) {
      if (this.#slots.length >= this.#max) {
        this.overflowDrops++;
        return undefined;
      }
      const s = this.#settings.get(canonical);
      slot = {
        index: this.#slots.length,
        address: canonical,
        name: s?.name,
        counters: new ExporterCounters(),
        defaultSamplingRate: s?.samplingRate ?? this.#defaultRate,
        overrideSamplingRate: s?.samplingRateOverride === true,
        queueDrops: 0,
      };
      this.#slots.push(slot);
      this.#byAddress.set(canonical, slot);
    }
    this.#byAddress.set(address, slot);
    return slot;
  }

  /** The slot at an index (the `exporter` column of a record). */
  at(index: number): ExporterSlot | undefined {
    return this.#slots[index];
  }

  /** Address text of an exporter index; `"?"` when unknown. */
  addressOf(index: number): string {
    return this.#slots[index]?.address ?? '?';
  }

  /** All slots in index order. */
  all(): readonly ExporterSlot[] {
    return this.#slots;
  }

  get size(): number {
    return this.#slots.length;
  }
}

/** Canonical text of an address as reported by node:dgram (strips `::ffff:` and zone ids). */
export function canonicalAddress(address: string): string {
  const zone = address.indexOf('%');
  const bare = zone >= 0 ? address.slice(0, zone) : address;
  try {
    return formatAddress(...parseAddress(bare));
  } catch {
    return bare;
  }
}
