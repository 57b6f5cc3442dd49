/** Coded errors of vulnerability exposure (records, imports, findings). */
import { defineError } from '../../core/errors.js';

/** A CVE id the store has no record of. */
export const ERR_VULN_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_VULN_NOT_FOUND', 'no vulnerability record %s', 404);
/** A file given to an import whose kind cannot be told from its name or the `--kind` option. */
export const ERR_VULN_DOCUMENT_KIND = defineError<[string]>('SAKIMORI_ERR_VULN_DOCUMENT_KIND', 'cannot tell what kind of vulnerability document %s is: name it with --kind', 400);
