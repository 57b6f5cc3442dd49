/**
 * Opening a signed checkpoint with trusted keys, with failure messages written for the person
 * running the verifier: which key was expected, which signatures were found, what failed.
 */
import { ERR_AUDIT_NOTE_MALFORMED } from '../errors.js';
import { parseCheckpoint, type Checkpoint } from '../note/checkpoint.js';
import { keyIdHex, openNote, type NoteVerifier } from '../note/signed-note.js';

/** A checkpoint whose signature verified, or why it did not. */
export type CheckedCheckpoint = { readonly ok: true; readonly checkpoint: Checkpoint; readonly signedBy: readonly string[] } | { readonly ok: false; readonly reason: string };

/** Verifies the signature on `note` with `verifiers` and parses its checkpoint body. */
export function checkCheckpointNote(note: string, verifiers: readonly NoteVerifier[]): CheckedCheckpoint {
  const opened = openNote(note, verifiers);
  const expected = verifiers.map((v) => `${v.name}+${keyIdHex(v.keyId)}`).join(', ');
  switch (opened.kind) {
    case 'malformed':
      return { ok: false, reason: `the checkpoint is not a well-formed signed note (${opened.reason})` };
    case 'bad-signature':
      return { ok: false, reason: `the signature by ${opened.name}+${keyIdHex(opened.keyId)} does not verify: the checkpoint was forged or altered` };
    case 'not-signed': {
      const found = opened.found.map((s) => `${s.name}+${keyIdHex(s.keyId)}`).join(', ');
      return { ok: false, reason: `the checkpoint is not signed by the trusted key ${expected} (it is signed by ${found}): wrong key, or a checkpoint of another log` };
    }
    case 'verified':
      try {
        return { ok: true, checkpoint: parseCheckpoint(opened.text), signedBy: opened.signedBy };
      } catch (e) {
        if (e instanceof ERR_AUDIT_NOTE_MALFORMED) return { ok: false, reason: e.message };
        throw e;
      }
  }
}
