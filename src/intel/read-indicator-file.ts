/**
 * Reads an indicator file from disk and parses it (see `indicator-file.ts`). The file is read
 * whole and parsed before anything is returned, so a file with an error loads nothing.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ERR_INTEL_INDICATOR_FILE_UNREADABLE } from './errors.js';
import { parseIndicatorFile, type IndicatorFileDefaults } from './indicator-file.js';
import type { IndicatorInput } from './indicator.js';
import type { IndicatorSet } from './indicator-set.js';

/** Largest indicator file read (a million lines of text is well under this). */
const MAX_BYTES = 256 * 1024 * 1024;

/** The indicators of a file, and the source name a set keeps them under (`file:<name>`). */
export interface IndicatorFileContents {
  readonly source: string;
  readonly inputs: IndicatorInput[];
}

/**
 * Reads and parses an indicator file.
 *
 * @throws `SAKIMORI_ERR_INTEL_INDICATOR_FILE_UNREADABLE`, or `SAKIMORI_ERR_INTEL_INDICATOR_FILE`
 *   naming the line and field of the first error.
 */
export function readIndicatorFile(path: string, defaults: IndicatorFileDefaults = {}): IndicatorFileContents {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.byteLength > MAX_BYTES) throw new Error(`larger than ${MAX_BYTES} bytes`);
    text = buf.toString('utf8');
  } catch (e) {
    throw new ERR_INTEL_INDICATOR_FILE_UNREADABLE(path, (e as Error).message, { cause: e });
  }
  return { source: `file:${basename(path)}`, inputs: parseIndicatorFile(text, path, defaults) };
}

/**
 * Reads every file (the `intel.indicatorFiles` setting) and only then puts each into the set under
 * its own source, so one bad file loads none of them. Returns indicators loaded per source.
 */
export function loadIndicatorFiles(set: IndicatorSet, paths: readonly string[], defaults: IndicatorFileDefaults = {}): Record<string, number> {
  const contents = paths.map((p) => readIndicatorFile(p, defaults));
  const out: Record<string, number> = {};
  for (const c of contents) {
    set.replaceSource(c.source, c.inputs);
    out[c.source] = c.inputs.length;
  }
  return out;
}
