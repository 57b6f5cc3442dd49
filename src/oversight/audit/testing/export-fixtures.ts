/** Builds audit exports for tests: an honest one and the pieces to tamper with it. */
import { exportLines } from '../export/export-format.js';
import type { CheckpointSigner } from '../note/ed25519.js';
import { sampleEvent, startTestLog } from './fixtures.js';

/** An honest export of `count` entries with checkpoints at the given sizes (and at the end). */
export async function honestExport(count: number, checkpointAt: readonly number[], signer?: CheckpointSigner, variant = 0): Promise<{ lines: string[]; signer: CheckpointSigner }> {
  const t = await startTestLog(signer === undefined ? {} : { signer });
  for (let n = 0; n < count; n++) {
    // A variant log diverges from entry `variant` on, as a log that rewrote history would.
    const e = sampleEvent(n);
    await t.log.append(variant > 0 && n >= variant ? { ...e, details: { ...e.details, rows: 999 } } : e);
    if (checkpointAt.includes(n + 1)) await t.log.checkpoint();
  }
  await t.log.checkpoint();
  const lines: string[] = [];
  for await (const l of exportLines(t.store, t.log.hasher, 'sakimori.test/audit')) lines.push(l);
  return { lines, signer: t.signer };
}

/** Index of the checkpoint record of `size` in export `lines`. */
export function checkpointLine(lines: readonly string[], size: number): number {
  return lines.findIndex((l) => l.startsWith('{"$record":"checkpoint"') && (JSON.parse(l) as { note: string }).note.split('\n')[1] === String(size));
}

/** Index of the entry with `seq` in export `lines`. */
export function entryLine(lines: readonly string[], seq: number): number {
  return lines.findIndex((l) => !l.startsWith('{"$record"') && (JSON.parse(l) as { seq: number }).seq === seq);
}
