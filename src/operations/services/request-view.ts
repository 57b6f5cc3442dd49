/**
 * What the API shows of a request: the request, the votes with the tally on its current digest,
 * the gates still open, the canonical document the digest is computed over, and the execution
 * with its per-peer target counts.
 */
import type { Execution, TargetState } from '../execution/execution.js';
import { openGates, tally, type Vote } from '../requests/approval.js';
import { digestDocumentOf } from '../requests/digest.js';
import { RequestStore } from '../requests/request-store.js';
import type { CountermeasureRequest, GateKind } from '../requests/request.js';
import type { ServiceContext } from './context.js';

/** A request as the console shows it. */
export interface RequestView {
  readonly request: CountermeasureRequest;
  /** Every vote, including void ones cast on earlier digests (`current: false`). */
  readonly votes: readonly (Vote & { readonly current: boolean })[];
  readonly approvals: number;
  readonly rejections: number;
  readonly quorum: number;
  readonly openGates: readonly GateKind[];
  /** The canonical text the digest is the SHA-256 of, so a member can check what they sign. */
  readonly digestDocument: string;
  readonly execution: Execution | null;
  /** Target counts per peer and state. */
  readonly targets: readonly { readonly peer: string; readonly state: TargetState; readonly n: number }[];
}

/** A request without its action, for lists (no target addresses). */
export type RequestSummary = Omit<CountermeasureRequest, 'action'> & { readonly targetCount: number };

/** Builds the view of a request. */
export async function requestView(ctx: ServiceContext, request: CountermeasureRequest): Promise<RequestView> {
  const votes = await new RequestStore(ctx.db).votes(request.id);
  const t = tally(votes, request.digest, { ...ctx.config.approval, ...ctx.config.gates });
  const execution = (await ctx.engine.store.byRequest(request.id)) ?? null;
  return {
    request,
    votes: votes.map((v) => ({ ...v, current: v.digest === request.digest })),
    approvals: t.approvals.length,
    rejections: t.rejections.length,
    quorum: ctx.config.approval.quorum,
    openGates: openGates(request.gates),
    digestDocument: digestDocumentOf(request, ctx.sha256),
    execution,
    targets: execution === null ? [] : await ctx.engine.store.targetSummary(execution.id),
  };
}
