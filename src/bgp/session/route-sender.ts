/**
 * Sends what is waiting in an Adj-RIB-Out over an Established session: routes of families the
 * peer did not negotiate fail, the rest are packed into UPDATEs, and each route turns active (or
 * withdrawn) once the UPDATE carrying it has been written to the socket.
 */
import type { AdjRibOut } from './adj-rib-out.js';
import type { NegotiatedSession } from './negotiate.js';
import { packUpdates, type PeerEncoding } from './update-packer.js';

/** Writes one UPDATE; `written` runs once the bytes are handed to the operating system. */
export type UpdateWriter = (bytes: Uint8Array, written: (ok: boolean) => void) => void;

/**
 * Takes every pending change from `rib` and writes it. `stillCurrent` tells, when a write
 * completes, whether the session that carried it is still the live one.
 */
export function sendPendingRoutes(rib: AdjRibOut, session: NegotiatedSession, encoding: PeerEncoding, now: () => number, write: UpdateWriter, stillCurrent: () => boolean): void {
  const t = now();
  const batch = rib.takeDirty().filter((item) => {
    if (session.families.has(item.entry.prepared.family) || item.entry.intent === 'withdraw') return true;
    rib.markFailed(item.entry, item.generation, `family ${item.entry.prepared.family} not negotiated with the peer`, t);
    return false;
  });
  if (batch.length === 0) return;
  const packed = packUpdates(batch, encoding);
  for (const f of packed.failures) rib.markFailed(f.item.entry, f.item.generation, f.error, t);
  for (const msg of packed.messages) {
    write(msg.bytes, (ok) => {
      if (ok && stillCurrent()) rib.markWritten(msg.items, now());
    });
  }
}
