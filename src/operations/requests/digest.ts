/**
 * The request digest: SHA-256 over the RFC 8785 canonical JSON of exactly what the commission
 * decides on — request, revision, case, path, mechanism, canonical action (targets and parameters),
 * duration, and the justification, harm assessment, urgency, evidence, location and requester the
 * members read. Every vote carries the digest the member read; a vote counts only while the request
 * still has that digest, so any amendment (a new revision) voids the votes cast on the old one.
 *
 * Version 1 covered the action only; requests filed under it keep their digest, and
 * {@link digestDocumentOf} still gives the document a member can check it against.
 *
 * Pure: no I/O, no `node:` imports (SHA-256 is passed in).
 */
import type { Sha256 } from '../../core/sha256.js';
import { canonicalJson } from '../../core/canonical-json.js';
import type { CountermeasureAction } from '../catalogue/action.js';
import type { ApprovalPath, CountermeasureRequest, HarmAssessment, LinkedEvidence, Urgency } from './request.js';

/** What a version 1 digest covers: the action alone. */
export interface DigestedAction {
  readonly requestId: string;
  readonly caseId: string;
  readonly path: ApprovalPath;
  readonly action: CountermeasureAction;
  readonly durationSeconds: number | null;
}

/** Everything a digest covers: one revision of the whole request. */
export interface DigestedRequest extends DigestedAction {
  readonly revision: number;
  readonly justification: string;
  readonly harm: HarmAssessment;
  readonly urgency: Urgency;
  readonly evidence: readonly LinkedEvidence[];
  readonly abroad: boolean;
  readonly requestedBy: string;
}

/** Version of the digested document; bump when its shape changes. */
export const DIGEST_VERSION = 2;

/** The canonical text of a version 1 digest (the action alone). */
export function actionDocumentV1(d: DigestedAction): string {
  return canonicalJson({ v: 1, request: d.requestId, case: d.caseId, path: d.path, mechanism: d.action.mechanism, action: d.action, durationSeconds: d.durationSeconds });
}

/** The canonical text a digest is computed over (shown to members who want to check it). */
export function digestDocument(d: DigestedRequest): string {
  return canonicalJson({
    v: DIGEST_VERSION,
    request: d.requestId,
    revision: d.revision,
    case: d.caseId,
    path: d.path,
    mechanism: d.action.mechanism,
    action: d.action,
    durationSeconds: d.durationSeconds,
    justification: d.justification,
    harm: { life: d.harm.life, body: d.harm.body, property: d.harm.property, notes: d.harm.notes },
    urgency: d.urgency,
    evidence: d.evidence.map((e) => ({ kind: e.kind, ref: e.ref })),
    abroad: d.abroad,
    requestedBy: d.requestedBy,
  });
}

const HEX = '0123456789abcdef';

function hexSha256(text: string, sha256: Sha256): string {
  const bytes = sha256(new TextEncoder().encode(text));
  let out = '';
  for (const b of bytes) out += HEX[b >>> 4]! + HEX[b & 15]!;
  return out;
}

/** Lower-case hex SHA-256 of the canonical document. */
export function requestDigest(d: DigestedRequest, sha256: Sha256): string {
  return hexSha256(digestDocument(d), sha256);
}

/** What a stored request's digest covers. */
export function digestedOf(r: CountermeasureRequest): DigestedRequest {
  return {
    requestId: r.id,
    caseId: r.caseId,
    path: r.path,
    action: r.action,
    durationSeconds: r.durationSeconds,
    revision: r.revision,
    justification: r.justification,
    harm: r.harm,
    urgency: r.urgency,
    evidence: r.evidence,
    abroad: r.abroad,
    requestedBy: r.requestedBy,
  };
}

/** The document the stored digest of `r` is the SHA-256 of (version 2, or version 1 for older requests). */
export function digestDocumentOf(r: CountermeasureRequest, sha256: Sha256): string {
  const v2 = digestDocument(digestedOf(r));
  if (hexSha256(v2, sha256) === r.digest) return v2;
  const v1 = actionDocumentV1(digestedOf(r));
  return hexSha256(v1, sha256) === r.digest ? v1 : v2;
}
