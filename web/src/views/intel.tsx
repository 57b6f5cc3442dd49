/**
 * Intel: the STIX collections the user may read → a collection's objects with their markings → an
 * object with its relationships; and the inbox, everything received, newest first. The server
 * releases each object to the user (TLP, PAP, MISP distribution) before it is shown here.
 */
import { useState } from 'react';
import { useApi } from '../api/use-api.js';
import { usePages } from '../api/use-pages.js';
import type { IntelCollection, IntelObject, IntelObjectDetail, IntelRelation } from '../api/types.js';
import { Markings } from '../components/markings.js';
import { LoadMore } from '../components/more.js';
import { Badge, Empty, ErrorBanner, Link, Loading, PageHead } from '../components/ui.js';
import { dateTime, int } from '../lib/format.js';

const objectHref = (id: string): string => `/intel/objects/${encodeURIComponent(id)}`;

/** The intel collections page. */
export function IntelCollections() {
  const pages = usePages<IntelCollection>('/intel/collections');
  const showGrants = pages.items.some((c) => c.grants !== null);
  return (
    <div>
      <PageHead title="Intel" sub="STIX collections you may read: what partners and feeds shared, and what the office publishes." />
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? (
        pages.loading ? (
          <Loading what="collections" />
        ) : (
          <Empty>No collection is open to you.</Empty>
        )
      ) : (
        <table data-testid="intel-collections">
          <thead>
            <tr>
              <th scope="col">Collection</th>
              <th scope="col" className="num">
                Objects
              </th>
              {showGrants ? <th scope="col">Granted to</th> : null}
              <th scope="col">Created</th>
            </tr>
          </thead>
          <tbody>
            {pages.items.map((c) => (
              <tr key={c.id}>
                <td>
                  <Link href={`/intel/collections/${encodeURIComponent(c.id)}`}>{c.title}</Link>
                  <div className="small muted mono">{c.id}</div>
                  {c.description === null ? null : <div className="small">{c.description}</div>}
                </td>
                <td className="num">{c.objects === null ? '–' : int(c.objects)}</td>
                {showGrants ? (
                  <td className="small">
                    {c.grants === null || c.grants.length === 0 ? (
                      <span className="muted">no grant (office only)</span>
                    ) : (
                      c.grants.map((g) => (
                        <div key={`${g.granteeKind}:${g.grantee}`}>
                          {g.granteeKind === 'role' ? `role ${g.grantee}` : (g.granteeName ?? g.grantee)} ({[g.canRead ? 'read' : '', g.canWrite ? 'write' : ''].filter(Boolean).join(', ') || 'none'})
                        </div>
                      ))
                    )}
                  </td>
                ) : null}
                <td className="nowrap small">{dateTime(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMore pages={pages} />
    </div>
  );
}

/** A table of released objects (a collection's, or the inbox). */
function ObjectTable({ items, showCollection, testId }: { items: readonly IntelObject[]; showCollection?: boolean; testId: string }) {
  return (
    <table data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">Object</th>
          <th scope="col">Type</th>
          <th scope="col">Markings</th>
          {showCollection === true ? <th scope="col">Collection</th> : null}
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        {items.map((o) => (
          <tr key={`${o.collectionId} ${o.id} ${o.version}`} data-testid={`intel-object-${o.id}`}>
            <td>
              <Link href={objectHref(o.id)}>{o.name ?? o.id}</Link> {o.revoked ? <Badge tone="neutral">revoked</Badge> : null}
              <div className="small muted mono">{o.id}</div>
            </td>
            <td>{o.type}</td>
            <td>
              <Markings names={o.markings} />
            </td>
            {showCollection === true ? (
              <td className="small">
                <Link href={`/intel/collections/${encodeURIComponent(o.collectionId)}`}>{o.collectionId}</Link>
              </td>
            ) : null}
            <td className="nowrap small">{dateTime(o.dateAdded)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One collection's objects, filterable by STIX type. */
export function IntelCollectionView({ id }: { id: string }) {
  const [type, setType] = useState('');
  const pages = usePages<IntelObject>(`/intel/collections/${encodeURIComponent(id)}/objects`, type === '' ? {} : { type });
  return (
    <div>
      <PageHead title={`Collection ${id}`} sub="Objects in the order they were added, as released to you.">
        <Link href="/intel">All collections</Link>
      </PageHead>
      <div className="row" style={{ marginBottom: 8 }}>
        <label htmlFor="intel-type">Type</label>
        <select id="intel-type" style={{ width: 'auto' }} value={type} onChange={(e) => setType(e.target.value)}>
          <option value="">All</option>
          {['indicator', 'malware', 'relationship', 'report', 'sighting', 'threat-actor', 'campaign', 'attack-pattern', 'identity', 'ipv4-addr', 'domain-name'].map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? pages.loading ? <Loading what="objects" /> : <Empty>Nothing here is released to you.</Empty> : <ObjectTable items={pages.items} testId="intel-objects" />}
      <LoadMore pages={pages} />
    </div>
  );
}

function RelationRow({ r }: { r: IntelRelation }) {
  return (
    <tr data-testid="intel-relation">
      <td>{r.direction === 'from' ? 'names →' : '← named by'}</td>
      <td className="mono small">{r.path}</td>
      <td>
        {r.id === null ? (
          <span className="muted">an object not released to you</span>
        ) : (
          <>
            <Link href={objectHref(r.id)}>{r.name ?? r.id}</Link>
            <div className="small muted">
              {r.type} <span className="mono">{r.id}</span>
            </div>
          </>
        )}
      </td>
      <td>{r.id === null ? null : <Markings names={r.markings} />}</td>
    </tr>
  );
}

/** One object with its relationships both ways. */
export function IntelObjectView({ id }: { id: string }) {
  const res = useApi<IntelObjectDetail>(`/intel/objects/${encodeURIComponent(id)}`);
  const d = res.data;
  const o = d?.object;
  return (
    <div>
      <PageHead title={o === undefined ? 'Intel object' : (o.name ?? o.id)} sub={o === undefined ? undefined : `${o.type} · ${o.id}`}>
        {o === undefined ? null : <Link href={`/intel/collections/${encodeURIComponent(o.collectionId)}`}>Collection {o.collectionId}</Link>}
      </PageHead>
      <ErrorBanner error={res.error} />
      {d === undefined || o === undefined ? (
        res.error === undefined ? (
          <Loading what="object" />
        ) : null
      ) : (
        <div className="grid" style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)' }}>
          <section className="card" aria-labelledby="intel-object-summary">
            <h2 id="intel-object-summary">Object</h2>
            <dl className="kv">
              <dt>Markings</dt>
              <dd data-testid="intel-object-markings">
                <Markings names={o.markings} />
              </dd>
              <dt>Version</dt>
              <dd className="mono small">{o.version}</dd>
              <dt>Added</dt>
              <dd>{dateTime(o.dateAdded)}</dd>
              <dt>State</dt>
              <dd>{o.revoked ? <Badge tone="neutral">revoked</Badge> : 'current'}</dd>
            </dl>
            <pre className="json" aria-label="STIX JSON">
              {JSON.stringify(o.object, null, 2)}
            </pre>
          </section>
          <section className="card" aria-labelledby="intel-object-relations">
            <h2 id="intel-object-relations">Relationships</h2>
            {d.relationships.length === 0 ? (
              <Empty>No other object names this one, and it names none.</Empty>
            ) : (
              <table data-testid="intel-relations">
                <thead>
                  <tr>
                    <th scope="col">Direction</th>
                    <th scope="col">Property</th>
                    <th scope="col">Object</th>
                    <th scope="col">Markings</th>
                  </tr>
                </thead>
                <tbody>
                  {d.relationships.map((r, i) => (
                    <RelationRow key={`${r.direction} ${r.path} ${r.id ?? i}`} r={r} />
                  ))}
                </tbody>
              </table>
            )}
            {d.more ? <p className="small muted">More references exist than are listed.</p> : null}
          </section>
        </div>
      )}
    </div>
  );
}

/** Everything the user received, newest first. */
export function InboxView() {
  // No polling: every page shown is a release, audit-logged as a share; the user reloads when they want news.
  const pages = usePages<IntelObject>('/intel/inbox');
  return (
    <div>
      <PageHead title="Inbox" sub="Intel received in the collections you may read, newest first, as released to you." />
      <ErrorBanner error={pages.error} />
      {pages.items.length === 0 ? pages.loading ? <Loading what="intel" /> : <Empty>Nothing received yet.</Empty> : <ObjectTable items={pages.items} showCollection testId="intel-inbox" />}
      <LoadMore pages={pages} />
    </div>
  );
}
