/**
 * `GET /api/v1/exporters`: the exporters the collector hears, with live counters and traffic totals.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ExporterTable } from '../../collector/exporter-table.js';
import type { TrafficMeter } from '../../collector/traffic-meter.js';
import { decodeErrorsByKind } from '../../collector/exporter-store.js';

/** Route plugin over the collector's live state. */
export function exportersRoutes(deps: { exporters: ExporterTable; meter: TrafficMeter }): FastifyPluginAsync {
  return async (app) => {
    app.get('/exporters', async () => ({
      items: deps.exporters.all().map((s) => {
        const t = deps.meter.totals(s.index);
        const c = s.counters;
        return {
          address: s.address,
          name: s.name ?? null,
          format: t.format,
          lastSeen: c.lastSeenMs > 0 ? new Date(c.lastSeenMs).toISOString() : null,
          datagrams: c.datagrams,
          records: c.records,
          packets: t.packets,
          bytes: t.bytes,
          templateMisses: c.templateMisses,
          sequenceGaps: c.sequenceGaps,
          lostRecords: c.lostRecords,
          queueDrops: s.queueDrops,
          decodeErrors: decodeErrorsByKind(c.errors),
        };
      }),
    }));
  };
}
