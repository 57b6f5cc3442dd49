/**
 * Builds the domestic set from the `oversight.selection` configuration, at the edge: reads each
 * delegated-statistics file, keeps the country's delegations and adds the extra prefixes.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { parsePrefix } from '../../core/ip.js';
import type { SelectionConfig } from '../config.js';
import { ERR_SELECTION_DELEGATED_FILE, ERR_SELECTION_FILE_UNREADABLE } from '../errors.js';
import { parseDelegatedStats, type V4Range, type V6Prefix } from './delegated-stats.js';
import { DomesticSet } from './domestic-set.js';

/** The set and what it was built from. */
export interface LoadedDomesticSet {
  readonly set: DomesticSet;
  /** Records read from the files (every country). */
  readonly records: number;
  readonly files: readonly string[];
}

/** Splits an extra prefix into the delegation shapes. */
function addExtra(text: string, v4: V4Range[], v6: V6Prefix[]): void {
  let p;
  try {
    p = parsePrefix(text.trim(), { strict: true });
  } catch (e) {
    throw new ERR_SELECTION_DELEGATED_FILE('oversight.selection.extraDomestic', 0, 'prefix', (e as Error).message, { cause: e });
  }
  if (p.family === 4) {
    const len = p.length - 96;
    const start = p.words[3];
    v4.push({ start, end: start + 2 ** (32 - len) - 1 });
  } else {
    if (p.length > 64) throw new ERR_SELECTION_DELEGATED_FILE('oversight.selection.extraDomestic', 0, 'prefix', `${text} is longer than /64`);
    v6.push({ w0: p.words[0], w1: p.words[1], length: p.length });
  }
}

/** Reads the configured files (relative paths under `dataDir`) and builds the set. */
export async function loadDomesticSet(config: SelectionConfig, dataDir: string): Promise<LoadedDomesticSet> {
  const v4: V4Range[] = [];
  const v6: V6Prefix[] = [];
  let records = 0;
  const files = config.delegatedFiles.map((f) => (isAbsolute(f) ? f : join(dataDir, f)));
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new ERR_SELECTION_FILE_UNREADABLE(file, (e as Error).message, { cause: e });
    }
    const d = parseDelegatedStats(text, file, config.country);
    v4.push(...d.v4);
    v6.push(...d.v6);
    records += d.records;
  }
  for (const p of config.extraDomestic) addExtra(p, v4, v6);
  return { set: new DomesticSet(v4, v6), records, files };
}
