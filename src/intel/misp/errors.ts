/**
 * Coded errors of MISP import and export through the store and of the `sakimori misp` commands.
 * Malformed MISP JSON and feeds whose files or hashes disagree keep the codes of `stix/misp`
 * (`SAKIMORI_ERR_STIX_MISP_*`); these cover what only the platform side can tell.
 */
import { defineError } from '../../core/errors.js';

/** A path given to `sakimori misp import` (or to `importMispFeed`) cannot be read. */
export const ERR_INTEL_MISP_PATH = defineError<[string, string]>('SAKIMORI_ERR_INTEL_MISP_PATH', 'cannot read MISP input %s: %s', 400);
/** A `--recipient` is neither a MISP organisation uuid nor the name of an organisation seen in imported MISP events. */
export const ERR_INTEL_MISP_RECIPIENT = defineError<[string]>(
  'SAKIMORI_ERR_INTEL_MISP_RECIPIENT',
  'unknown MISP recipient %s: give an organisation uuid, or the name of an organisation in an imported event',
  400,
);
/** The name given as recipient belongs to several MISP organisations; give the uuid. */
export const ERR_INTEL_MISP_RECIPIENT_AMBIGUOUS = defineError<[string, string]>(
  'SAKIMORI_ERR_INTEL_MISP_RECIPIENT_AMBIGUOUS',
  'MISP recipient name %s names several organisations (%s): give the uuid',
  400,
);
/** The export's output directory cannot be written. */
export const ERR_INTEL_MISP_OUTPUT = defineError<[string, string]>('SAKIMORI_ERR_INTEL_MISP_OUTPUT', 'cannot write the MISP feed to %s: %s', 500);
/**
 * An event arrived with the uuid of a stored event created by another organisation: MISP lets only the
 * creator change an event, and taking the update would let anyone widen another's distribution.
 */
export const ERR_INTEL_MISP_EVENT_CREATOR = defineError<[string, string, string]>(
  'SAKIMORI_ERR_INTEL_MISP_EVENT_CREATOR',
  'MISP event %s is stored as created by %s; an event from %s cannot replace it',
  409,
);
