/**
 * Live traffic: the exporters the collector hears (with a health verdict) and per-second rates of
 * the protected networks by protocol class over the last hour, as JSON and as a Server-Sent
 * Events stream (one `rates` event per second).
 */
import type { FastifyPluginAsync } from 'fastify';
import Type from 'typebox';
import { decodeErrorsByKind } from '../../collector/exporter-store.js';
import type { ExporterTable } from '../../collector/exporter-table.js';
import type { TrafficMeter } from '../../collector/traffic-meter.js';
import type { Clock } from '../../core/clock.js';
import { ERR_REGISTRY_NETWORK_NOT_FOUND } from '../../registry/errors.js';
import type { NetworkStore, ProtectedNetwork } from '../../registry/network-store.js';
import type { OrganizationStore } from '../../registry/organization-store.js';
import { CLASS_NAMES, type ClassName } from '../../detection/traffic-class.js';
import { principalOf, R, TRAFFIC_READERS } from '../http/access.js';
import { ClassNameSchema, Id, Millis, Nullable, Page, pageArray, PageQuery } from '../http/schemas.js';
import { AnswerCache } from '../http/answer-cache.js';
import { openEventStream } from '../live/sse.js';
import type { RateHistory } from '../live/rate-history.js';
import { inScope, orgScope } from '../scope.js';

/** Seconds without a datagram after which an exporter counts as stale. */
const STALE_MS = 120_000;
const NETWORK_TTL_MS = 5_000;

const ExporterSchema = Type.Object(
  {
    address: Type.String(),
    name: Nullable(Type.String()),
    format: Nullable(Type.String()),
    lastSeen: Nullable(Type.String({ description: 'ISO time of the last datagram' })),
    datagrams: Type.Number(),
    records: Type.Number(),
    packets: Type.Number(),
    bytes: Type.Number(),
    templateMisses: Type.Number(),
    sequenceGaps: Type.Number(),
    lostRecords: Type.Number(),
    queueDrops: Type.Number(),
    decodeErrors: Type.Record(Type.String(), Type.Number()),
    health: Type.Union([Type.Literal('ok'), Type.Literal('stale'), Type.Literal('errors')], { description: 'stale: nothing for 2 min; errors: over 1 % of datagrams failed to decode' }),
  },
  { additionalProperties: false },
);

const ClassSeries = Type.Record(Type.String(), Type.Array(Type.Number()));
const NetworkRatesSchema = Type.Object(
  {
    networkId: Type.String(),
    organizationId: Type.String(),
    prefix: Type.String(),
    name: Nullable(Type.String()),
    from: Millis,
    to: Millis,
    resolution: Type.Literal(1000),
    classes: Type.Array(ClassNameSchema),
    pps: ClassSeries,
    bps: ClassSeries,
  },
  { additionalProperties: false },
);

const Seconds = Type.Optional(Type.Integer({ minimum: 1, maximum: 86400, default: 60, description: 'seconds of history (up to api.rates.historySeconds)' }));
const Classes = Type.Optional(Type.Array(ClassNameSchema, { minItems: 1, maxItems: CLASS_NAMES.length, description: 'classes to return (default all)' }));

/** Dependencies of the traffic routes. */
export interface TrafficRouteDeps {
  readonly exporters: ExporterTable;
  readonly meter: TrafficMeter;
  readonly rates: RateHistory;
  readonly networks: NetworkStore;
  readonly orgs: OrganizationStore;
  readonly clock: Clock;
}

/** Route plugin of `/exporters` and `/rates`. */
export function trafficRoutes(deps: TrafficRouteDeps): FastifyPluginAsync {
  let cached: { until: number; list: ProtectedNetwork[] } | undefined;
  const allNetworks = async (): Promise<ProtectedNetwork[]> => {
    const now = deps.clock.now();
    if (cached === undefined || cached.until <= now) cached = { until: now + NETWORK_TTL_MS, list: await deps.networks.list() };
    return cached.list;
  };
  const visibleNetworks = async (req: Parameters<typeof principalOf>[0]): Promise<ProtectedNetwork[]> => {
    const scope = await orgScope(principalOf(req).actor, deps.orgs);
    return (await allNetworks()).filter((n) => inScope(scope, n.organizationId));
  };
  const ratesOf = (n: ProtectedNetwork, seconds: number, classes: readonly ClassName[]) => {
    const s = deps.rates.series(n.id, seconds, classes);
    return { networkId: n.id, organizationId: n.organizationId, prefix: n.prefix, name: n.name, from: s.from, to: s.to, resolution: 1000 as const, classes: [...classes], pps: s.pps, bps: s.bps };
  };
  return async (app) => {
    app.get<{ Querystring: { limit: number; cursor?: string } }>(
      '/exporters',
      {
        config: { access: [R.analyst, R.admin] },
        schema: { summary: 'Exporters the collector hears, with live counters and health', tags: ['traffic'], querystring: PageQuery({}), response: { 200: Page(ExporterSchema) } },
      },
      async (req) => {
        const now = deps.clock.now();
        const all = deps.exporters.all().map((s) => {
          const t = deps.meter.totals(s.index);
          const c = s.counters;
          const errors = decodeErrorsByKind(c.errors);
          const failed = Object.values(errors).reduce((a, b) => a + b, 0);
          const health = c.lastSeenMs === 0 || now - c.lastSeenMs > STALE_MS ? 'stale' : failed > c.datagrams * 0.01 ? 'errors' : 'ok';
          return {
            address: s.address,
            name: s.name ?? null,
            format: t.format ?? null,
            lastSeen: c.lastSeenMs > 0 ? new Date(c.lastSeenMs).toISOString() : null,
            datagrams: c.datagrams,
            records: c.records,
            packets: t.packets,
            bytes: t.bytes,
            templateMisses: c.templateMisses,
            sequenceGaps: c.sequenceGaps,
            lostRecords: c.lostRecords,
            queueDrops: s.queueDrops,
            decodeErrors: errors,
            health,
          };
        });
        return pageArray(all, req.query.limit, req.query.cursor, (e) => e.address.replace(/[^0-9A-Za-z]/g, '-'));
      },
    );
    // Rates change once a second: answers are cached until the next second (keyed by what they show).
    const cache = new AnswerCache();
    app.get<{ Querystring: { seconds: number; classes?: ClassName[]; limit: number; cursor?: string } }>(
      '/rates',
      {
        config: { access: TRAFFIC_READERS },
        schema: {
          summary: 'Per-second pps/bps by protocol class of every protected network in your scope',
          tags: ['traffic'],
          querystring: PageQuery({ seconds: Seconds, classes: Classes }),
          response: { 200: Page(NetworkRatesSchema) },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const p = pageArray(await visibleNetworks(req), q.limit, q.cursor, (n) => n.id);
        const key = `list|${q.seconds}|${q.classes?.join(',') ?? ''}|${p.next ?? ''}|${p.items.map((n) => n.id).join(',')}`;
        return cache.send(reply, key, deps.clock.now(), 1000, deps.rates.latestSecond, async () => ({ items: p.items.map((n) => ratesOf(n, q.seconds, q.classes ?? CLASS_NAMES)), next: p.next }));
      },
    );
    app.get<{ Params: { networkId: string }; Querystring: { seconds: number; classes?: ClassName[] } }>(
      '/rates/:networkId',
      {
        config: { access: TRAFFIC_READERS },
        schema: {
          summary: 'Per-second pps/bps by protocol class of one protected network (up to the last hour)',
          tags: ['traffic'],
          params: Type.Object({ networkId: Id }, { additionalProperties: false }),
          querystring: Type.Object({ seconds: Seconds, classes: Classes }, { additionalProperties: false }),
          response: { 200: NetworkRatesSchema },
        },
      },
      async (req, reply) => {
        const n = (await visibleNetworks(req)).find((x) => x.id === req.params.networkId);
        if (n === undefined) throw new ERR_REGISTRY_NETWORK_NOT_FOUND(JSON.stringify(req.params.networkId));
        const key = `one|${n.id}|${req.query.seconds}|${req.query.classes?.join(',') ?? ''}`;
        return cache.send(reply, key, deps.clock.now(), 1000, deps.rates.latestSecond, async () => ratesOf(n, req.query.seconds, req.query.classes ?? CLASS_NAMES));
      },
    );
    app.get(
      '/rates/stream',
      {
        config: { access: TRAFFIC_READERS },
        schema: { summary: 'Server-Sent Events: one `rates` event per second with every visible network’s pps/bps by class', tags: ['traffic'], produces: 'text/event-stream' },
      },
      async (req, reply) => {
        const stream = openEventStream(req, reply);
        let visible = new Set<string>((await visibleNetworks(req)).map((n) => n.id));
        let refreshedAt = deps.clock.now();
        const off = deps.rates.onSecond((second, rates) => {
          if (deps.clock.now() - refreshedAt > NETWORK_TTL_MS) {
            refreshedAt = deps.clock.now();
            void visibleNetworks(req).then((l) => (visible = new Set<string>(l.map((n) => n.id))));
          }
          stream.send('rates', { second: second * 1000, networks: rates.filter((r) => visible.has(r.networkId)) });
        });
        stream.onClose(() => void off());
      },
    );
  };
}
