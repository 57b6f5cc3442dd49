/**
 * The audit log over HTTP: signed checkpoints (C2SP tlog-checkpoint notes) and the verifier key
 * to check their signature, RFC 9162 inclusion and consistency proofs so anyone signed in can
 * verify the log in the browser, the entries themselves for auditors and the commission (they
 * hold personal data only as keyed hashes), and the transparency report as JSON and SVG.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import type { Actor } from '../../core/roles.js';
import type { AuditLog } from '../../oversight/audit/audit-log.js';
import { toBase64 } from '../../oversight/audit/base64.js';
import { ERR_AUDIT_OUT_OF_RANGE } from '../../oversight/audit/errors.js';
import type { AuditStore, StoredCheckpoint } from '../../oversight/audit/store/audit-store.js';
import { parsePeriod } from '../../oversight/report/period.js';
import { publishReport } from '../../oversight/report/publish.js';
import { renderSvg } from '../../oversight/report/render-svg.js';
import type { Oversight } from '../../oversight/oversight.js';
import type { Clock } from '../../core/clock.js';
import { OVERSIGHT_READERS, principalOf } from '../http/access.js';
import { Millis, offsetOf, Page, pageArray, PageParams, PageQuery } from '../http/schemas.js';

const CheckpointSchema = Type.Object(
  { size: Type.Integer(), root: Type.String({ description: 'base64 Merkle tree head' }), note: Type.String({ description: 'the signed checkpoint note (C2SP tlog-checkpoint)' }), time: Millis },
  { additionalProperties: false },
);
const Size = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const Period = Type.String({ pattern: '^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$', description: 'YYYY, YYYY-H1, YYYY-Q3 or YYYY-MM' });
const EntrySchema = Type.Object(
  { seq: Type.Integer(), entry: Type.Unknown({ description: 'the audit entry (JSON object)' }), leaf: Type.String({ description: 'base64 of the canonical bytes that were hashed' }) },
  { additionalProperties: false },
);

/** Dependencies of the audit routes. */
export interface AuditRouteDeps {
  readonly audit: AuditLog;
  readonly store: AuditStore;
  readonly verifierKey: string;
  readonly origin: string;
  /** The transparency report's figures (the safeguards' {@link Oversight.transparency}). */
  readonly transparency: Oversight['transparency'];
  readonly clock: Clock;
  readonly report: { readonly suppressBelow: number; readonly utcOffsetMinutes: number };
}

const cp = (c: StoredCheckpoint) => ({ size: c.size, root: toBase64(c.root), note: c.note, time: c.time });
const auditActor = (a: Actor) => ({ kind: 'user' as const, id: a.userId, ...(a.roles[0] === undefined ? {} : { role: a.roles[0] }) });

/** Route plugin of `/audit` and `/reports`. */
export function auditRoutes(deps: AuditRouteDeps): FastifyPluginAsync {
  const decoder = new TextDecoder();
  return async (app) => {
    const any = { access: 'signed-in' as const };
    const tags = ['audit'];
    app.get('/audit/checkpoints/latest', { config: any, schema: { summary: 'The newest signed checkpoint', tags, response: { 200: CheckpointSchema } } }, async () => {
      const latest = deps.audit.latestCheckpoint ?? (await deps.audit.checkpoint());
      return cp(latest);
    });
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/audit/checkpoints',
      { config: any, schema: { summary: 'Signed checkpoints, largest first', tags, querystring: PageQuery({}), response: { 200: Page(CheckpointSchema) } } },
      async (req) => {
        const all = (await deps.store.checkpoints()).reverse().map(cp);
        return pageArray(all, req.query.limit, req.query.cursor, (c) => String(c.size));
      },
    );
    app.get<{ Params: { size: number } }>(
      '/audit/checkpoints/:size',
      { config: any, schema: { summary: 'The checkpoint of one tree size', tags, params: Type.Object({ size: Size }, { additionalProperties: false }), response: { 200: CheckpointSchema } } },
      async (req) => {
        const found = (await deps.store.checkpoints()).find((c) => c.size === req.params.size);
        if (found === undefined) throw new ERR_AUDIT_OUT_OF_RANGE(`no checkpoint of size ${req.params.size}`);
        return cp(found);
      },
    );
    app.get(
      '/audit/verifier-key',
      {
        config: any,
        schema: {
          summary: 'The note verifier key of the log (to check checkpoint signatures)',
          tags,
          response: { 200: Type.Object({ verifierKey: Type.String(), origin: Type.String() }, { additionalProperties: false }) },
        },
      },
      async () => ({
        verifierKey: deps.verifierKey,
        origin: deps.origin,
      }),
    );
    app.get<{ Querystring: { seq: number; size: number } }>(
      '/audit/proofs/inclusion',
      {
        config: any,
        schema: {
          summary: 'RFC 9162 inclusion proof of entry `seq` in the tree of `size` entries',
          tags,
          querystring: Type.Object({ seq: Size, size: Size }, { additionalProperties: false }),
          response: { 200: Type.Object({ seq: Type.Integer(), size: Type.Integer(), leafHash: Type.String(), proof: Type.Array(Type.String()) }, { additionalProperties: false }) },
        },
      },
      async (req) => {
        const { seq, size } = req.query;
        const proof = await deps.audit.inclusionProof(seq, size);
        let leaf: Uint8Array | undefined;
        for await (const e of deps.store.entries(seq, seq + 1)) leaf = deps.audit.hasher.leaf(e.data);
        return { seq, size, leafHash: leaf === undefined ? '' : toBase64(leaf), proof: proof.map(toBase64) };
      },
    );
    app.get<{ Querystring: { first: number; second: number } }>(
      '/audit/proofs/consistency',
      {
        config: any,
        schema: {
          summary: 'RFC 9162 consistency proof from the tree of `first` entries to the tree of `second`',
          tags,
          querystring: Type.Object({ first: Size, second: Size }, { additionalProperties: false }),
          response: { 200: Type.Object({ first: Type.Integer(), second: Type.Integer(), proof: Type.Array(Type.String()) }, { additionalProperties: false }) },
        },
      },
      async (req) => ({ first: req.query.first, second: req.query.second, proof: (await deps.audit.consistencyProof(req.query.first, req.query.second)).map(toBase64) }),
    );
    app.get<{ Querystring: { from?: number; limit: number; cursor?: string } }>(
      '/audit/entries',
      {
        config: { access: OVERSIGHT_READERS },
        schema: {
          summary: 'Audit entries from `from` (oldest first); personal data appears only as keyed hashes',
          tags,
          querystring: Type.Object({ from: Type.Optional(Size), ...PageParams }, { additionalProperties: false }),
          response: { 200: Page(EntrySchema) },
        },
      },
      async (req) => {
        const from = req.query.cursor !== undefined ? offsetOf(req.query.cursor) : (req.query.from ?? 0);
        const to = Math.min(deps.audit.size, from + req.query.limit);
        const items: { seq: number; entry: unknown; leaf: string }[] = [];
        if (from < to) for await (const e of deps.store.entries(from, to)) items.push({ seq: e.seq, entry: JSON.parse(decoder.decode(e.data)) as unknown, leaf: toBase64(e.data) });
        return { items, next: to < deps.audit.size ? to.toString(36) : null };
      },
    );
    const reportOf = async (actor: Actor, period: string) => {
      const p = parsePeriod(period, deps.report.utcOffsetMinutes);
      const report = publishReport(await deps.transparency(p, deps.clock.now()), deps.report.suppressBelow);
      await deps.audit.append({
        actor: auditActor(actor),
        action: 'report.transparency',
        subjects: [{ type: 'report', id: `transparency-${p.label}` }],
        details: { period: p.label, formats: ['api'] },
      });
      return report;
    };
    app.get<{ Querystring: { period: string } }>(
      '/reports/transparency',
      {
        config: any,
        schema: {
          summary: 'The transparency report of a period (small counts suppressed)',
          tags: ['reports'],
          querystring: Type.Object({ period: Period }, { additionalProperties: false }),
          response: { 200: Type.Unknown() },
        },
      },
      async (req) => reportOf(principalOf(req).actor, req.query.period),
    );
    app.get<{ Querystring: { period: string } }>(
      '/reports/transparency.svg',
      {
        config: any,
        schema: { summary: 'The transparency report as an SVG chart', tags: ['reports'], produces: 'image/svg+xml', querystring: Type.Object({ period: Period }, { additionalProperties: false }) },
      },
      async (req, reply) => reply.type('image/svg+xml; charset=utf-8').send(renderSvg(await reportOf(principalOf(req).actor, req.query.period))),
    );
  };
}
