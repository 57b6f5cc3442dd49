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
/** Too many sign-in attempts for the account from this address or from the address at all, or too many wrong current passwords. */
export const ERR_AUTH_RATE_LIMITED = defineError<[string]>('SAKIMORI_ERR_AUTH_RATE_LIMITED', 'too many attempts; try again in %s s', 429);
/** Account input is invalid (user name, password policy, role, scope). */
export const ERR_ACCOUNT_INVALID = defineError<[string, string]>('SAKIMORI_ERR_ACCOUNT_INVALID', 'invalid %s: %s', 400);
/** The user name is taken. */
export const ERR_ACCOUNT_DUPLICATE = defineError<[string]>('SAKIMORI_ERR_ACCOUNT_DUPLICATE', 'a user named %s already exists', 409);
/** No such user or token. */
export const ERR_ACCOUNT_NOT_FOUND = defineError<[string, string]>('SAKIMORI_ERR_ACCOUNT_NOT_FOUND', 'no %s %s', 404);
/** A token names another user: tokens belong to the user who creates them (admins may only list and revoke others'). */
export const ERR_ACCOUNT_TOKEN_NOT_OWN = defineError<[]>('SAKIMORI_ERR_ACCOUNT_TOKEN_NOT_OWN', 'an API token belongs to the user who creates it: nobody creates one for another user', 403);
/** Tokens are minted from an interactive session (or the CLI with the user's password), never with another token. */
export const ERR_ACCOUNT_TOKEN_NEEDS_SESSION = defineError<[]>('SAKIMORI_ERR_ACCOUNT_TOKEN_NEEDS_SESSION', 'create API tokens from a signed-in session: a token cannot mint tokens', 403);
/** The caller may not confirm or decline this role grant (not a sitting commission member, or the grantee or granter). */
export const ERR_ACCOUNT_GRANT_NOT_ALLOWED = defineError<[string]>('SAKIMORI_ERR_ACCOUNT_GRANT_NOT_ALLOWED', 'you may not decide this role grant: %s', 403);
/** The role grant was already confirmed, declined or withdrawn. */
export const ERR_ACCOUNT_GRANT_DECIDED = defineError<[string]>('SAKIMORI_ERR_ACCOUNT_GRANT_DECIDED', 'role grant %s is no longer pending', 409);
