/** Coded errors of advisories. A refused change leaves the advisory, its recipients and answers as they were. */
import { defineError } from '../../core/errors.js';

/** No advisory with this id in the caller's scope (drafts are outside an operator's and a regulator's). */
export const ERR_ADVISORY_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_ADVISORY_NOT_FOUND', 'no advisory %s', 404);
/** A field of an advisory or answer is malformed. */
export const ERR_ADVISORY_INVALID = defineError<[string, string]>('SAKIMORI_ERR_ADVISORY_INVALID', 'invalid advisory %s: %s', 400);
/** The advisory's state forbids the change (editing a published advisory, acknowledging a withdrawn one…). */
export const ERR_ADVISORY_STATE = defineError<[string, string]>('SAKIMORI_ERR_ADVISORY_STATE', 'advisory %s is %s', 409);
/** Only the office's analysts draft, edit, publish and withdraw advisories; only a recipient's reporters acknowledge and answer. */
export const ERR_ADVISORY_FORBIDDEN = defineError<[string]>('SAKIMORI_ERR_ADVISORY_FORBIDDEN', '%s', 403);
/** Publication refused: no registered asset is exposed to the advisory's CVEs, so it would go to nobody. */
export const ERR_ADVISORY_NO_RECIPIENTS = defineError<[string]>('SAKIMORI_ERR_ADVISORY_NO_RECIPIENTS', 'advisory %s concerns no registered asset', 409);
/** Publication refused: the marking may not go to a recipient over the console or TAXII (TLP:RED to an organisation). */
export const ERR_ADVISORY_NOT_RELEASABLE = defineError<[string, string]>('SAKIMORI_ERR_ADVISORY_NOT_RELEASABLE', 'advisory marked %s cannot be released to %s', 409);
/** Someone changed the advisory since the caller read it. */
export const ERR_ADVISORY_CONFLICT = defineError<[string, string, string]>('SAKIMORI_ERR_ADVISORY_CONFLICT', 'advisory %s is at revision %s, not %s', 409);
