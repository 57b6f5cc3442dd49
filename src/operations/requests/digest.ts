/**
 * The action digest: SHA-256 over the RFC 8785 canonical JSON of exactly what would be executed —
 * request, case, path, mechanism, canonical action (targets and parameters) and duration. Every
 * vote carries the digest the member read; a vote counts only while the request still has that
 * digest, so any change to the action voids the votes cast on the old one.
 *
 * Pure: no I/O, no `node:` imports (SHA-256 is passed in).
 */
import type { Sha256 } from '../../oversight/audit/merkle/hasher.js';
import { canonicalJson } from '../../oversight/audit/canonical-json.js';
import type { CountermeasureAction } from '../catalogue/action.js';
import type { ApprovalPath } from './request.js';

/** Everything a digest covers. */
export interface DigestedAction {
  readonly requestId: string;
  readonly caseId: string;
  readonly path: ApprovalPath;
  readonly action: CountermeasureAction;
  readonly durationSeconds: number | null;
}

/** Version of the digested document; bump when its shape changes. */
export const DIGEST_VERSION = 1;

/** The canonical text a digest is computed over (shown to members who want to check it). */
export function digestDocument(d: DigestedAction): string {
  return canonicalJson({
    v: DIGEST_VERSION,
    request: d.requestId,
    case: d.caseId,
    path: d.path,
    mechanism: d.action.mechanism,
    action: d.action,
    durationSeconds: d.durationSeconds,
  });
}

const HEX = '0123456789abcdef';

/** Lower-case hex SHA-256 of the canonical document. */
export function actionDigest(d: DigestedAction, sha256: Sha256): string {
  const bytes = sha256(new TextEncoder().encode(digestDocument(d)));
  let out = '';
  for (const b of bytes) out += HEX[b >>> 4]! + HEX[b & 15]!;
  return out;
}
