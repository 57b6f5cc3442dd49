/**
 * Who may call a route: every route declares it in its `config.access`, and the authentication
 * hook enforces it before the body is even parsed. A route that declares nothing is refused to
 * everyone (fail closed), so a forgotten declaration cannot open a route.
 */
import type { Role } from '../../core/roles.js';
import type { Principal } from '../../accounts/account-service.js';

/** `public`: no sign-in; `signed-in`: any account; a role list: accounts holding one of them. */
export type Access = 'public' | 'signed-in' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route (see {@link Access}). */
    access?: Access;
  }
  interface FastifyRequest {
    /** The authenticated caller; set for every route that is not `public`. */
    principal?: Principal;
  }
}

/** Role sets used by the routes (see the contract in docs and the role-matrix test). */
export const R = {
  analyst: 'nco_analyst',
  officer: 'designated_officer',
  defence: 'defence_operator',
  commission: 'commission_member',
  operator: 'operator_reporter',
  regulator: 'sector_regulator',
  auditor: 'auditor',
  partner: 'partner',
  admin: 'admin',
} as const satisfies Record<string, Role>;

/** Case workers: open and work cases, request countermeasures. */
export const CASE_WORKERS: readonly Role[] = [R.analyst, R.officer, R.defence];
/** Readers of cases, requests and executions. */
export const OPERATIONS_READERS: readonly Role[] = [...CASE_WORKERS, R.commission];
/** Readers of attacks and live rates (operators and regulators within their scope). */
export const TRAFFIC_READERS: readonly Role[] = [...OPERATIONS_READERS, R.operator, R.regulator];
/** Readers of the operator registry (operators and regulators within their scope). */
export const REGISTRY_READERS: readonly Role[] = [...TRAFFIC_READERS, R.admin];
/** Writers of the operator registry. */
export const REGISTRY_WRITERS: readonly Role[] = [R.analyst, R.admin];
/** Readers of the commission's queues. */
export const OVERSIGHT_READERS: readonly Role[] = [R.commission, R.auditor];

/** The principal of a route that is not public (the hook guarantees it). */
export function principalOf(req: { principal?: Principal | undefined }): Principal {
  if (req.principal === undefined) throw new Error('route without authentication reached its handler');
  return req.principal;
}
