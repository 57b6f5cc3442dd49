/**
 * Errors of the simulator, and the mapping of a scenario problem (a path into the document) back to
 * the line of the YAML file it came from, so every message reads
 * `scenarios/x.yaml:12: attacks[1].rate: must be a positive number`.
 *
 * Pure: no I/O.
 */
import { isMap, isNode, isPair, isScalar, type Document, type LineCounter } from 'yaml';
import { defineError } from '../core/errors.js';

/** A scenario file that is not valid; the message names the file, line and field. */
export const ERR_SCENARIO_INVALID = defineError<[string]>('SAKIMORI_ERR_SCENARIO_INVALID', '%s', 400);
/** A scenario file that cannot be read. */
export const ERR_SCENARIO_UNREADABLE = defineError<[string, string]>('SAKIMORI_ERR_SCENARIO_UNREADABLE', 'cannot read scenario %s: %s', 400);
/** Simulation options that contradict the scenario (e.g. an endless scenario written to a file without a duration). */
export const ERR_SIMULATION_OPTIONS = defineError<[string]>('SAKIMORI_ERR_SIMULATION_OPTIONS', '%s', 400);

/** A path into the scenario document: keys and sequence indices. */
export type DocPath = readonly (string | number)[];

/** A problem at a path, raised while checking a scenario and turned into {@link ERR_SCENARIO_INVALID}. */
export class ScenarioIssue extends Error {
  readonly path: DocPath;
  constructor(path: DocPath, message: string) {
    super(message);
    this.path = path;
  }
}

/** Formats a path as `attacks[1].rate` (`(root)` for the empty path). */
export function formatPath(path: DocPath): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += s.length === 0 ? seg : `.${seg}`;
  }
  return s.length === 0 ? '(root)' : s;
}

/**
 * The 1-based line where `path` is written: the key's line for a mapping entry, the item's line for
 * a sequence entry, or the nearest existing ancestor's when the path does not exist (a missing
 * field is reported where its parent is).
 */
export function lineOf(doc: Document, lc: LineCounter, path: DocPath): number {
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? doc.contents : doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(last));
      const keyNode = pair?.key;
      if (isNode(keyNode) && keyNode.range) return lc.linePos(keyNode.range[0]).line;
      continue;
    }
    const node = doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
  }
  const root = doc.contents;
  return isNode(root) && root.range ? lc.linePos(root.range[0]).line : 1;
}

/** Builds the error for a problem at `path` in `source`. */
export function scenarioError(source: string, doc: Document, lc: LineCounter, path: DocPath, message: string): Error {
  return new ERR_SCENARIO_INVALID(`${source}:${lineOf(doc, lc, path)}: ${formatPath(path)}: ${message}`);
}
