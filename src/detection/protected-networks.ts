/**
 * The protected networks as the detector holds them: a longest-prefix-match table from address to
 * network index, and per network its ids, prefix, parent (the next less specific protected
 * network, so nested networks count towards their parent's aggregate) and configured thresholds.
 *
 * The registry's `DetectionNetwork` list maps onto {@link ProtectedNetworkInput} as it is.
 *
 * Pure: no I/O.
 */
import { formatPrefix, parsePrefix, prefixContains, type Prefix } from '../core/ip.js';
import { ERR_DETECTION_DUPLICATE_NETWORK, ERR_DETECTION_INVALID_ALLOWLIST, ERR_DETECTION_INVALID_NETWORK } from './errors.js';
import { PrefixTable } from './prefix-table.js';
import { writeThresholds, type NetworkThresholds } from './thresholds.js';
import { SERIES } from './traffic-class.js';

/** One network the detector watches. */
export interface ProtectedNetworkInput {
  /** Registry id of the network. */
  readonly id: string;
  /** Registry id of the organisation that owns it. */
  readonly organizationId: string;
  /** The prefix, parsed or as text (`192.0.2.0/24`, `2001:db8::/48`). */
  readonly prefix: Prefix | string;
  /** Thresholds for each host inside the network; null for learned or default ones. */
  readonly thresholds?: NetworkThresholds | null | undefined;
  /** Thresholds for the network's aggregate (carpet bombing); null for learned or default ones. */
  readonly prefixThresholds?: NetworkThresholds | null | undefined;
}

/** The compiled set of protected networks. */
export class ProtectedNetworks {
  /** Number of networks. */
  readonly size: number;
  readonly table: PrefixTable;
  readonly ids: readonly string[];
  readonly organizationIds: readonly string[];
  readonly prefixes: readonly Prefix[];
  /** Canonical prefix text per network. */
  readonly prefixTexts: readonly string[];
  /** Index of the next less specific protected network, or -1. */
  readonly parent: Int32Array;
  /** Configured host thresholds, `SERIES` per network, `Infinity` where not configured. */
  readonly hostConfigured: Float64Array;
  /** Configured aggregate thresholds, `SERIES` per network. */
  readonly prefixConfigured: Float64Array;
  /** True for networks of more than one address (aggregate detection applies). */
  readonly multiAddress: Uint8Array;
  readonly #byId: Map<string, number>;

  constructor(inputs: readonly ProtectedNetworkInput[]) {
    const n = inputs.length;
    this.size = n;
    const prefixes: Prefix[] = [];
    const seenPrefix = new Set<string>();
    this.#byId = new Map();
    inputs.forEach((input, i) => {
      if (typeof input.id !== 'string' || input.id.length === 0) throw new ERR_DETECTION_INVALID_NETWORK(String(i), 'missing id');
      const p = toPrefix(input.prefix, input.id);
      const text = formatPrefix(p);
      if (seenPrefix.has(text)) throw new ERR_DETECTION_DUPLICATE_NETWORK(text);
      if (this.#byId.has(input.id)) throw new ERR_DETECTION_DUPLICATE_NETWORK(input.id);
      seenPrefix.add(text);
      this.#byId.set(input.id, i);
      prefixes.push(p);
    });
    this.prefixes = prefixes;
    this.prefixTexts = prefixes.map(formatPrefix);
    this.ids = inputs.map((x) => x.id);
    this.organizationIds = inputs.map((x) => x.organizationId);
    this.table = new PrefixTable(prefixes.map((prefix, value) => ({ prefix, value })));
    this.parent = new Int32Array(n).fill(-1);
    this.multiAddress = new Uint8Array(n);
    this.hostConfigured = new Float64Array(n * SERIES).fill(Infinity);
    this.prefixConfigured = new Float64Array(n * SERIES).fill(Infinity);
    for (let i = 0; i < n; i++) {
      const p = prefixes[i]!;
      this.multiAddress[i] = p.length < 128 ? 1 : 0;
      this.parent[i] = mostSpecificContainer(prefixes, i);
      writeThresholds(inputs[i]!.thresholds, this.hostConfigured, i * SERIES);
      writeThresholds(inputs[i]!.prefixThresholds, this.prefixConfigured, i * SERIES);
    }
  }

  /** Index of the network with this registry id, or -1. */
  indexOf(id: string): number {
    return this.#byId.get(id) ?? -1;
  }
}

function toPrefix(p: Prefix | string, id: string): Prefix {
  if (typeof p !== 'string') return p;
  try {
    return parsePrefix(p, { strict: true });
  } catch (e) {
    throw new ERR_DETECTION_INVALID_NETWORK(id, `bad prefix ${JSON.stringify(p)}`, { cause: e });
  }
}

function mostSpecificContainer(prefixes: readonly Prefix[], i: number): number {
  const p = prefixes[i]!;
  let best = -1;
  for (let j = 0; j < prefixes.length; j++) {
    const q = prefixes[j]!;
    if (j === i || q.length >= p.length) continue;
    if (!prefixContains(q, p.words[0], p.words[1], p.words[2], p.words[3])) continue;
    if (best < 0 || q.length > prefixes[best]!.length) best = j;
  }
  return best;
}

/**
 * Builds an allowlist table from address or prefix texts (host bits may be set: `192.0.2.7/24`
 * means the /24). Every entry maps to value 0.
 */
export function buildAllowlist(entries: readonly string[]): PrefixTable {
  return new PrefixTable(
    entries.map((text) => {
      try {
        return { prefix: parsePrefix(text.trim()), value: 0 };
      } catch (e) {
        throw new ERR_DETECTION_INVALID_ALLOWLIST(JSON.stringify(text), 'not an address or prefix', { cause: e });
      }
    }),
  );
}
