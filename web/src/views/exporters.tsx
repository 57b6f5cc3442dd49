/**
 * Exporters: the routers whose flow export the collector hears, with their health and counters.
 */
import { useApi } from '../api/use-api.js';
import type { Exporter, Page } from '../api/types.js';
import { Badge, Empty, ErrorBanner, Loading, PageHead } from '../components/ui.js';
import { bytes, int } from '../lib/format.js';

/** The exporters page. */
export function ExporterList() {
  const res = useApi<Page<Exporter>>('/exporters', { limit: 1000 }, 5000);
  const items = res.data?.items ?? [];
  return (
    <div>
      <PageHead title="Exporters" sub="Routers sending NetFlow, IPFIX or sFlow to the collector." />
      <ErrorBanner error={res.error} />
      {res.data === undefined ? (
        res.error === undefined ? (
          <Loading what="exporters" />
        ) : null
      ) : items.length === 0 ? (
        <Empty>No exporter has been heard yet.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Exporter</th>
              <th scope="col">Format</th>
              <th scope="col">Health</th>
              <th scope="col">Last seen</th>
              <th scope="col" className="num">
                Datagrams
              </th>
              <th scope="col" className="num">
                Records
              </th>
              <th scope="col" className="num">
                Traffic
              </th>
              <th scope="col" className="num">
                Sequence gaps
              </th>
              <th scope="col">Decode errors</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr key={e.address}>
                <td>
                  <span className="mono">{e.address}</span>
                  {e.name === null ? null : <div className="small muted">{e.name}</div>}
                </td>
                <td>{e.format ?? '–'}</td>
                <td>{e.health === undefined ? '–' : <Badge tone={e.health === 'ok' ? 'ok' : e.health === 'stale' ? 'warn' : 'bad'}>{e.health}</Badge>}</td>
                <td className="small nowrap">{e.lastSeen ?? '–'}</td>
                <td className="num">{int(e.datagrams)}</td>
                <td className="num">{int(e.records)}</td>
                <td className="num">
                  {int(e.packets)} pkts
                  <div className="small muted">{bytes(e.bytes)}</div>
                </td>
                <td className="num">{int(e.sequenceGaps)}</td>
                <td className="small">
                  {Object.entries(e.decodeErrors)
                    .filter(([, n]) => n > 0)
                    .map(([k, n]) => `${k} ${n}`)
                    .join(', ') || 'none'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
