/**
 * One asset: what it is, its notification deadline with the provision it rests on, the form to
 * record the notification (operators and analysts), and every revision — who changed which field
 * from what to what, and why (registration, change, notification, import). Every time on the page
 * is in Japan time, the deadline's calendar, so that none reads against another in a second zone.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useAction } from '../api/use-action.js';
import { useApi } from '../api/use-api.js';
import type { Asset, AssetChange, AssetDetail, AssetRole, AssetStatus, Organization } from '../api/types.js';
import { assetName, AssetStatusBadge, DeadlineSummary, ProductIds } from '../components/asset-bits.js';
import { Empty, ErrorBanner, Field, Link, Loading, PageHead, Person } from '../components/ui.js';
import { japanDateTime, japanInputValue, parseJapanInput } from '../lib/japan-time.js';
import { ASSET_ROLE_LABELS, ASSET_STATUS_LABELS } from '../lib/labels.js';
import { ASSET_WRITERS, hasAny } from '../lib/views.js';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  vendor: 'Vendor',
  product: 'Product',
  version: 'Version',
  cpe: 'CPE',
  purl: 'purl',
  role: 'Role',
  site: 'Site',
  networkId: 'Protected network',
  addresses: 'Addresses',
  introducedOn: 'Introduced on',
  status: 'Status',
  notifiedAt: 'Notified at',
};

const CAUSES: Readonly<Record<string, string>> = {
  create: 'Registered',
  update: 'Changed',
  notify: 'Notification recorded',
  'csv-import': 'CSV import',
  'sbom-import': 'SBOM import',
};

/** A history value for people: labels for enums, Japan time for the notification, `–` for none. */
function shown(field: string, v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  if (Array.isArray(v)) return v.length === 0 ? '–' : v.join(', ');
  if (field === 'notifiedAt' && typeof v === 'number') return japanDateTime(v);
  if (field === 'role') return ASSET_ROLE_LABELS[v as AssetRole] ?? String(v);
  if (field === 'status') return ASSET_STATUS_LABELS[v as AssetStatus] ?? String(v);
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** The fields one revision set: `field: before → after`, or for the creation the values given. */
function Changes({ change }: { change: AssetChange }) {
  const after = record(change.after);
  const created = change.before === null;
  const before = record(change.before);
  const keys = Object.keys(after).filter((k) => !created || shown(k, after[k]) !== '–');
  return (
    <ul className="small" style={{ margin: 0, paddingLeft: 16 }}>
      {keys.map((k) => (
        <li key={k}>
          <strong>{FIELD_LABELS[k] ?? k}</strong>: {created ? null : <>{shown(k, before[k])} → </>}
          <span className={k === 'cpe' || k === 'purl' ? 'mono' : undefined} style={{ wordBreak: 'break-word' }}>
            {shown(k, after[k])}
          </span>
        </li>
      ))}
    </ul>
  );
}

function History({ history, myId }: { history: readonly AssetChange[]; myId: string }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      {history.length === 0 ? (
        <Empty>No revisions.</Empty>
      ) : (
        <table data-testid="asset-history">
          <thead>
            <tr>
              <th scope="col" className="num">
                Revision
              </th>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Cause</th>
              <th scope="col">Changes</th>
            </tr>
          </thead>
          <tbody>
            {[...history].reverse().map((h) => (
              <tr key={h.revision}>
                <td className="num">{h.revision}</td>
                <td className="nowrap small">{japanDateTime(h.changedAt)}</td>
                <td className="small">{h.changedBy === myId ? 'you' : <Person id={h.changedBy} />}</td>
                <td className="small">{CAUSES[h.cause] ?? h.cause}</td>
                <td>
                  <Changes change={h} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Records when the notification reached the competent minister (now by default, in Japan time). */
function RecordNotification({ asset, done }: { asset: Asset; done: () => void }) {
  const [at, setAt] = useState(() => japanInputValue(Date.now()));
  const action = useAction();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    return action.run(async () => {
      const notifiedAt = parseJapanInput(at);
      if (notifiedAt === undefined) throw new Error('Give the date and time of the notification (Japan time).');
      await api(`/assets/${encodeURIComponent(asset.id)}/notification`, { method: 'POST', body: { notifiedAt } });
      done();
    });
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="notify-title" style={{ marginTop: 12 }}>
      <h3 id="notify-title">{asset.notifiedAt === null ? 'Record the notification' : 'Correct the notification time'}</h3>
      <ErrorBanner error={action.error} />
      <Field id="notified-at" label="Notified at (Japan time)" hint="When the notification reached the competent minister.">
        <input id="notified-at" type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} aria-describedby="notified-at-hint" required />
      </Field>
      <button className="primary" type="submit">
        Record notification
      </button>
    </form>
  );
}

/** The asset's fields as a description list. */
function Facts({ asset: a }: { asset: Asset }) {
  const rows: [string, ReactNode][] = [
    ['Vendor', a.vendor ?? '–'],
    ['Product', a.product ?? '–'],
    ['Version', a.version ?? '–'],
    ['CPE / purl', <ProductIds key="ids" asset={a} />],
    ['Role', ASSET_ROLE_LABELS[a.role] ?? a.role],
    ['Site', a.site ?? '–'],
    ['Protected network', a.networkId === null ? '–' : <span className="mono">{a.networkId}</span>],
    ['Addresses', a.addresses.length === 0 ? '–' : <span className="mono">{a.addresses.join(', ')}</span>],
    ['Introduced on', a.introducedOn ?? '–'],
    ['Status', <AssetStatusBadge key="status" status={a.status} />],
    ['Registered', japanDateTime(a.createdAt)],
    ['Last changed', `${japanDateTime(a.updatedAt)} (revision ${a.revision})`],
  ];
  return (
    <dl className="facts" style={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', gap: '4px 12px', margin: 0 }}>
      {rows.map(([k, v]) => (
        <div key={k} style={{ display: 'contents' }}>
          <dt className="muted">{k}</dt>
          <dd style={{ margin: 0 }}>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The asset page. */
export function AssetDetailView({ id }: { id: string }) {
  const { me } = useSession();
  const res = useApi<AssetDetail>(`/assets/${encodeURIComponent(id)}`);
  const d = res.data;
  const org = useApi<Organization>(d === undefined ? undefined : `/organizations/${encodeURIComponent(d.asset.organizationId)}`);
  if (d === undefined) {
    // Another organisation's asset answers 404 like a missing one: existence does not leak.
    const missing = res.error instanceof ApiError && res.error.status === 404;
    return (
      <div>
        <PageHead title={missing ? 'Asset not found' : 'Asset'} />
        {res.error === undefined ? <Loading what="the asset" /> : <ErrorBanner error={res.error} />}
        {missing ? <p>No asset with this id is in your scope.</p> : null}
        <Link href="/assets">All assets</Link>
      </div>
    );
  }
  const a = d.asset;
  return (
    <div className="stack">
      <PageHead
        title={assetName(a)}
        sub={
          <>
            {org.data?.name ?? a.organizationId} · <AssetStatusBadge status={a.status} />
          </>
        }
      >
        <Link href="/assets">All assets</Link>
      </PageHead>
      <div className="grid cols-2" style={{ alignItems: 'start' }}>
        <section className="card" aria-labelledby="asset-title">
          <h2 id="asset-title">Asset</h2>
          <Facts asset={a} />
        </section>
        <section className="card" aria-labelledby="deadline-title" data-testid="asset-deadline">
          <h2 id="deadline-title">Notification</h2>
          <DeadlineSummary deadline={d.deadline} planned={a.status === 'planned'} />
          <p style={{ marginTop: 8 }}>Notified at: {a.notifiedAt === null ? 'not yet recorded' : japanDateTime(a.notifiedAt)}</p>
          {d.deadline === null ? null : (
            <p className="small">
              Legal basis: <span lang="ja">{d.deadline.legalRef}</span>
            </p>
          )}
          {hasAny(me.roles, ASSET_WRITERS) ? <RecordNotification asset={a} done={res.reload} /> : null}
        </section>
      </div>
      <History history={d.history} myId={me.id} />
    </div>
  );
}
