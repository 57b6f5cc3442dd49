/**
 * Errors of publishing attacks as intelligence. Nothing is stored or shared when one is raised.
 */
import { defineError } from '../../core/errors.js';

/** A recipient of a publication is not a registered organisation. */
export const ERR_INTEL_PUBLISH_RECIPIENT = defineError<[string]>('SAKIMORI_ERR_INTEL_PUBLISH_RECIPIENT', 'no organisation %s to publish to', 400);
/** Pseudonymisation was asked for a recipient without a partner key. */
export const ERR_INTEL_PUBLISH_NO_KEY = defineError<[string]>(
  'SAKIMORI_ERR_INTEL_PUBLISH_NO_KEY',
  'no pseudonymisation key for recipient %s (configure oversight.sharing.partners with that organisation id)',
  400,
);
/** A publication names an attack that has no sources to publish. */
export const ERR_INTEL_PUBLISH_NO_SOURCES = defineError<[string]>('SAKIMORI_ERR_INTEL_PUBLISH_NO_SOURCES', 'attack %s has no recorded sources to publish', 400);
/** A publication's marking may not go to its recipients (TLP:RED never goes into a collection). */
export const ERR_INTEL_PUBLISH_MARKING = defineError<[string]>('SAKIMORI_ERR_INTEL_PUBLISH_MARKING', 'cannot publish under %s: collections are read over TAXII, where TLP:RED never travels', 400);
