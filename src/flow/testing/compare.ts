/**
 * Test support: field-by-field differences between decoded records and tshark's, as readable lines
 * (`record 3 srcPort: ours 80, tshark 8080`), so a failing differential test names every mismatch.
 */
import type { RecordView } from './record-view.js';
import type { Expected } from './tshark-json.js';

/** Times may differ by float rounding of NTP fractions (sub-microsecond). */
const TIME_TOLERANCE_MS = 0.001;

/** Every difference between `ours` and `theirs`, record by record; empty when they agree. */
export function diffRecords(ours: readonly RecordView[], theirs: readonly Expected[]): string[] {
  const out: string[] = [];
  if (ours.length !== theirs.length) out.push(`record count: ours ${ours.length}, tshark ${theirs.length}`);
  const n = Math.min(ours.length, theirs.length);
  for (let i = 0; i < n; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    for (const key of Object.keys(b) as (keyof Expected)[]) {
      const va = a[key];
      const vb = b[key];
      const same = (key === 'startMs' || key === 'endMs') && typeof va === 'number' && typeof vb === 'number' ? Math.abs(va - vb) <= TIME_TOLERANCE_MS : va === vb;
      if (!same) out.push(`record ${i} ${key}: ours ${String(va)}, tshark ${String(vb)}`);
    }
  }
  return out;
}
