/**
 * Errors of lawful countermeasures: cases, requests, approval, the emergency path and execution.
 * Every refusal is raised before anything is stored or executed, so a refused call leaves no trace
 * but its audit entry.
 */
import { defineError } from '../core/errors.js';

/** The actor lacks a role the operation needs. */
export const ERR_OPERATIONS_FORBIDDEN = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_FORBIDDEN', '%s requires one of the roles: %s', 403);
/** Request, case or note input does not match its schema; the message names the first bad field. */
export const ERR_OPERATIONS_INVALID_INPUT = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_INVALID_INPUT', 'invalid input at %s: %s', 400);
/** A target address or prefix is malformed (bad address, host bits set, bad length). */
export const ERR_OPERATIONS_INVALID_PREFIX = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_INVALID_PREFIX', 'malformed target %s: %s', 400);
/** A domain name for the RPZ zone is malformed. */
export const ERR_OPERATIONS_INVALID_DOMAIN = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_INVALID_DOMAIN', 'malformed domain %s: %s', 400);
/** No case with this id. */
export const ERR_OPERATIONS_CASE_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_CASE_NOT_FOUND', 'no case %s', 404);
/** A case state change that the case workflow does not allow. */
export const ERR_OPERATIONS_CASE_TRANSITION = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_CASE_TRANSITION', 'a case cannot go from %s to %s', 409);
/** A closed case takes no new requests, evidence or assignment. */
export const ERR_OPERATIONS_CASE_CLOSED = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_CASE_CLOSED', 'case %s is closed', 409);
/** A case with countermeasures in force cannot be closed. */
export const ERR_OPERATIONS_CASE_HAS_ACTIVE_ACTIONS = defineError<[string, string]>(
  'SAKIMORI_ERR_OPERATIONS_CASE_HAS_ACTIVE_ACTIONS',
  'case %s still has %s countermeasure(s) pending or in force; withdraw them first',
  409,
);
/** The same evidence is already linked to the case. */
export const ERR_OPERATIONS_DUPLICATE_EVIDENCE = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_DUPLICATE_EVIDENCE', '%s %s is already linked to this case', 409);
/** A linked attack is unknown to detection. */
export const ERR_OPERATIONS_ATTACK_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_ATTACK_NOT_FOUND', 'no attack %s', 404);
/** No request with this id. */
export const ERR_OPERATIONS_REQUEST_NOT_FOUND = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_REQUEST_NOT_FOUND', 'no countermeasure request %s', 404);
/** The request is not in a state that allows the operation. */
export const ERR_OPERATIONS_REQUEST_STATE = defineError<[string, string, string]>('SAKIMORI_ERR_OPERATIONS_REQUEST_STATE', 'request %s is %s; %s', 409);
/** Only the requester may do this. */
export const ERR_OPERATIONS_NOT_REQUESTER = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_NOT_REQUESTER', 'only the requester may %s', 403);
/** The mechanism is not available on this path (or for this role). */
export const ERR_OPERATIONS_MECHANISM_NOT_ALLOWED = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_MECHANISM_NOT_ALLOWED', 'mechanism %s is not allowed %s', 403);
/** Taking rules out of force failed; the engine keeps trying on every check. */
export const ERR_OPERATIONS_WITHDRAW_FAILED = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_WITHDRAW_FAILED', 'could not withdraw execution %s yet (retrying): %s', 502);
/** No executor is configured for the mechanism (e.g. BGP disabled). */
export const ERR_OPERATIONS_NO_EXECUTOR = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_NO_EXECUTOR', 'no executor is configured for %s', 503);

/** A target is on the allowlist (public resolver, root server, configured entry). */
export const ERR_OPERATIONS_GUARD_ALLOWLISTED = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_GUARD_ALLOWLISTED', 'target %s is allowlisted (%s); no countermeasure may act on it', 422);
/** A target lies in a protected operator's own network and the request is not RTBH of its victim. */
export const ERR_OPERATIONS_GUARD_PROTECTED = defineError<[string, string]>(
  'SAKIMORI_ERR_OPERATIONS_GUARD_PROTECTED',
  'target %s lies in the protected network of %s; only RTBH of an attacked host may name it',
  422,
);
/** A prefix is wider than the mechanism allows. */
export const ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_GUARD_PREFIX_TOO_WIDE', 'prefix %s is wider than allowed (%s)', 422);
/** The request would put more rules in force than the mechanism allows. */
export const ERR_OPERATIONS_GUARD_TOO_MANY_RULES = defineError<[string, string, string]>('SAKIMORI_ERR_OPERATIONS_GUARD_TOO_MANY_RULES', '%s: %s rule(s) would exceed the limit of %s', 422);
/** A target lies in special-purpose address space (loopback, multicast, broadcast, link-local, reserved, …). */
export const ERR_OPERATIONS_GUARD_SPECIAL_PURPOSE = defineError<[string, string]>(
  'SAKIMORI_ERR_OPERATIONS_GUARD_SPECIAL_PURPOSE',
  'target %s lies in special-purpose address space (%s); no countermeasure may act on it',
  422,
);
/** A domain for the RPZ zone is a public suffix (`co.jp`): sinkholing it would hit every name registered under it. */
export const ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_GUARD_PUBLIC_SUFFIX', 'domain %s is a public suffix; name the registered domain instead', 422);
/** The duration is longer than the mechanism (or the emergency path) allows. */
export const ERR_OPERATIONS_GUARD_DURATION = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_GUARD_DURATION', 'duration %s s is outside the allowed range (%s)', 422);
/** An RTBH request names a host that is not the victim of a linked attack. */
export const ERR_OPERATIONS_GUARD_NOT_VICTIM = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_VICTIM', 'RTBH target %s is not the victim of a linked attack', 422);
/** A FlowSpec destination or ISP-notice host is not inside the protected networks it must be in. */
export const ERR_OPERATIONS_GUARD_NOT_PROTECTED = defineError<[string, string]>('SAKIMORI_ERR_OPERATIONS_GUARD_NOT_PROTECTED', '%s is not inside %s', 422);

/** Emergency path without an active linked attack. */
export const ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK = defineError<[string]>(
  'SAKIMORI_ERR_OPERATIONS_EMERGENCY_NO_ACTIVE_ATTACK',
  'the emergency path needs a linked attack that is active now (%s)',
  409,
);
/** An emergency action names a target that its linked active attacks do not show (victim, observed source, linked intelligence). */
export const ERR_OPERATIONS_EMERGENCY_NOT_DERIVED = defineError<[string, string]>(
  'SAKIMORI_ERR_OPERATIONS_EMERGENCY_NOT_DERIVED',
  'emergency target %s is not derived from the linked active attacks: %s; request prior approval instead',
  422,
);
/** The request needs a gate (another authority's decision), which the emergency path cannot satisfy. */
export const ERR_OPERATIONS_EMERGENCY_GATE = defineError<[string]>(
  'SAKIMORI_ERR_OPERATIONS_EMERGENCY_GATE',
  'this action needs %s, which a requester cannot vouch for on the emergency path; request prior approval',
  409,
);
/** The emergency action's time box is over; it cannot be executed again or extended. */
export const ERR_OPERATIONS_EMERGENCY_EXPIRED = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_EMERGENCY_EXPIRED', 'emergency action %s is past its time box; file a request for prior approval', 409);
/** The emergency action was already reviewed. */
export const ERR_OPERATIONS_EMERGENCY_REVIEWED = defineError<[string]>('SAKIMORI_ERR_OPERATIONS_EMERGENCY_REVIEWED', 'emergency action %s has already been reviewed', 409);

/** The requester may not vote on (or review) their own request. */
export const ERR_APPROVAL_SELF_VOTE = defineError<[string]>('SAKIMORI_ERR_APPROVAL_SELF_VOTE', 'user %s made this request and may not decide on it', 403);
/** The member already voted on this exact action. */
export const ERR_APPROVAL_DUPLICATE_VOTE = defineError<[string]>('SAKIMORI_ERR_APPROVAL_DUPLICATE_VOTE', 'user %s has already voted on this action', 409);
/** The vote names another action than the one now requested (it changed since the voter read it). */
export const ERR_APPROVAL_DIGEST_MISMATCH = defineError<[string, string]>('SAKIMORI_ERR_APPROVAL_DIGEST_MISMATCH', 'the vote is for action %s but the request now stands for %s; read it again', 409);
/** The request is not awaiting votes. */
export const ERR_APPROVAL_NOT_PENDING = defineError<[string, string]>('SAKIMORI_ERR_APPROVAL_NOT_PENDING', 'request %s is %s, not awaiting approval', 409);
/** A rejection (or withdrawal order) must say why. */
export const ERR_APPROVAL_REASON_REQUIRED = defineError<[]>('SAKIMORI_ERR_APPROVAL_REASON_REQUIRED', 'a rejection must give its reasons', 400);
/** The gate does not apply to this request. */
export const ERR_APPROVAL_GATE_NOT_APPLICABLE = defineError<[string]>('SAKIMORI_ERR_APPROVAL_GATE_NOT_APPLICABLE', 'gate %s does not apply to this request', 409);
/** Intelligence cited as evidence is marked PAP:AMBER or PAP:RED (or carries markings that cannot be read): it may not lead to a network action. */
export const ERR_OPERATIONS_PAP_FORBIDS_ACTION = defineError<[string, string, string]>(
  'SAKIMORI_ERR_OPERATIONS_PAP_FORBIDS_ACTION',
  'evidence %s is marked %s, which forbids the network action %s (PAP: passive use only)',
  403,
);
