/** Errors of accounts and authentication; messages never say whether a user name exists. */
import { defineError } from '../core/errors.js';

/** No valid session or token came with the request (or it expired). */
export const ERR_AUTH_REQUIRED = defineError<[]>('SAKIMORI_ERR_AUTH_REQUIRED', 'sign in first (no valid session or API token)', 401);
/** Wrong user name or password, or a disabled account: the three are indistinguishable on purpose. */
export const ERR_AUTH_INVALID_CREDENTIALS = defineError<[]>('SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS', 'wrong user name or password', 401);
/** The role(s) the caller holds do not allow the route. */
export const ERR_AUTH_FORBIDDEN = defineError<[string]>('SAKIMORI_ERR_AUTH_FORBIDDEN', 'your roles do not allow %s', 403);
/** A cookie-authenticated unsafe request came without the right CSRF token or from another origin. */
export const ERR_AUTH_CSRF = defineError<[string]>('SAKIMORI_ERR_AUTH_CSRF', 'cross-site request refused: %s', 403);
/** Too many sign-in attempts for the account or from the address. */
export const ERR_AUTH_RATE_LIMITED = defineError<[string]>('SAKIMORI_ERR_AUTH_RATE_LIMITED', 'too many sign-in attempts; try again in %s s', 429);
/** Account input is invalid (user name, password policy, role, scope). */
export const ERR_ACCOUNT_INVALID = defineError<[string, string]>('SAKIMORI_ERR_ACCOUNT_INVALID', 'invalid %s: %s', 400);
/** The user name is taken. */
export const ERR_ACCOUNT_DUPLICATE = defineError<[string]>('SAKIMORI_ERR_ACCOUNT_DUPLICATE', 'a user named %s already exists', 409);
/** No such user or token. */
export const ERR_ACCOUNT_NOT_FOUND = defineError<[string, string]>('SAKIMORI_ERR_ACCOUNT_NOT_FOUND', 'no %s %s', 404);
