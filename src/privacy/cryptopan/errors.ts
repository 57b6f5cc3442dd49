/** Errors of prefix-preserving pseudonymisation. */
import { defineError } from '../../core/errors.js';

/** A Crypto-PAn key is not 32 bytes (64 hex digits). */
export const ERR_CRYPTOPAN_KEY = defineError<[string]>('SAKIMORI_ERR_CRYPTOPAN_KEY', 'invalid Crypto-PAn key: %s', 400);
/** No key of a partner is valid at the time asked for. */
export const ERR_CRYPTOPAN_NO_KEY = defineError<[string, string]>('SAKIMORI_ERR_CRYPTOPAN_NO_KEY', 'no Crypto-PAn key for partner %s is valid at %s', 404);
