/**
 * Writes the ground truth as JSON. Source lists longer than `inlineSources` go to a text file
 * beside it (one address per line), named in the attack's `sourcesFile`.
 */
import { writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { GroundTruth } from '../ground-truth.js';

/** Writes `truth` to `path`; returns the files written. */
export function writeGroundTruth(path: string, truth: GroundTruth, inlineSources = 1000): string[] {
  const written: string[] = [];
  const stem = basename(path).replace(/\.json$/i, '');
  const attacks = truth.attacks.map((a) => {
    if (a.sources === undefined || a.sources.length <= inlineSources) return a;
    const file = `${stem}.${a.id.replace(/[^A-Za-z0-9._-]/g, '_')}.sources.txt`;
    const full = join(dirname(path), file);
    writeFileSync(full, `${a.sources.join('\n')}\n`);
    written.push(full);
    const { sources: _omit, ...rest } = a;
    return { ...rest, sourcesFile: file };
  });
  writeFileSync(path, `${JSON.stringify({ ...truth, attacks }, null, 2)}\n`);
  written.unshift(path);
  return written;
}
