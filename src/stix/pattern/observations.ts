/**
 * Observations to match: `observed-data` SDOs taken from STIX 2.1 bundles (SCOs referenced by
 * `object_refs`, resolved in the same bundle) or given bare with the older embedded `objects`
 * dictionary. Each SDO stands for `number_observed` observations over `first_observed`…`last_observed`.
 */
import { invalid } from './values.js';
import { parseTimestamp } from './timestamp.js';

/** One observed-data SDO ready for matching. */
export interface ObservedData {
  /** The SDO as given. */
  readonly sdo: Readonly<Record<string, unknown>>;
  readonly id: string | undefined;
  readonly firstObserved: bigint;
  readonly lastObserved: bigint;
  readonly numberObserved: number;
  /** Objects a pattern's object type is tested against, by key (embedded key or STIX id). */
  readonly roots: ReadonlyMap<string, unknown>;
  /** Where `_ref` / `_refs` values are resolved. */
  readonly scope: ReadonlyMap<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function timestampOf(sdo: Record<string, unknown>, key: string): bigint {
  const v = sdo[key];
  const ts = typeof v === 'string' ? parseTimestamp(v) : undefined;
  if (ts === undefined) invalid(`observed-data ${key} is not a STIX timestamp: ${String(v)}`);
  return ts;
}

function observedData(sdo: Record<string, unknown>, bundleIndex: ReadonlyMap<string, unknown>): ObservedData {
  const n = sdo.number_observed;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) invalid(`observed-data number_observed must be an integer >= 1, got ${String(n)}`);
  const firstObserved = timestampOf(sdo, 'first_observed');
  const lastObserved = timestampOf(sdo, 'last_observed');
  if (firstObserved > lastObserved) invalid('observed-data first_observed is after last_observed');
  const roots = new Map<string, unknown>();
  const scope = new Map<string, unknown>(bundleIndex);
  if (isRecord(sdo.objects)) {
    for (const [key, obj] of Object.entries(sdo.objects)) {
      roots.set(key, obj);
      scope.set(key, obj);
    }
  }
  if (Array.isArray(sdo.object_refs)) {
    for (const ref of sdo.object_refs) {
      const obj = typeof ref === 'string' ? bundleIndex.get(ref) : undefined;
      if (obj !== undefined) roots.set(ref as string, obj);
    }
  }
  return { sdo, id: typeof sdo.id === 'string' ? sdo.id : undefined, firstObserved, lastObserved, numberObserved: n, roots, scope };
}

/**
 * Collects the observed-data SDOs from a list of bundles and/or bare observed-data SDOs, in order.
 * Throws a match failure on malformed observed-data or when `number_observed` adds up past `maxObservations`.
 */
export function collectObservedData(input: readonly unknown[], maxObservations: number): ObservedData[] {
  const out: ObservedData[] = [];
  let total = 0;
  const add = (sdo: Record<string, unknown>, index: ReadonlyMap<string, unknown>): void => {
    const od = observedData(sdo, index);
    total += od.numberObserved;
    if (total > maxObservations) invalid(`more than ${maxObservations} observations (sum of number_observed)`);
    out.push(od);
  };
  for (const item of input) {
    if (!isRecord(item)) invalid('observed input must be STIX bundles or observed-data objects');
    if (item.type === 'bundle') {
      const objects = Array.isArray(item.objects) ? item.objects.filter(isRecord) : [];
      const index = new Map<string, unknown>();
      for (const o of objects) if (typeof o.id === 'string') index.set(o.id, o);
      for (const o of objects) if (o.type === 'observed-data') add(o, index);
    } else if (item.type === 'observed-data') {
      add(item, new Map());
    } else {
      invalid(`expected a bundle or observed-data, got type ${String(item.type)}`);
    }
  }
  return out;
}
