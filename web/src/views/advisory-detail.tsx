/**
 * One advisory. Everyone reads what it says (summary, action, CVEs with links to their records,
 * TLP, the acknowledgement deadline in Japan time). The office's analysts edit a draft, see the
 * assets it would concern now and publish it (a refusal — TLP:RED to an organisation's inbox, no
 * asset concerned — is shown with its message); once published they follow each recipient up and
 * may withdraw it. An operator acknowledges for its organisation and answers for each of its own
 * assets. A regulator reads its sector's operators' acknowledgements and answers. Another
 * organisation's advisory, or a draft for anyone but the office, answers as not found.
 */
import { useState } from 'react';
import type { Advisory, AdvisoryAsset, AdvisoryDetail } from '../api/advisory-types.js';
import { ApiError, api } from '../api/http.js';
import { useSession } from '../api/session.js';
import { useAction } from '../api/use-action.js';
import { useApi } from '../api/use-api.js';
import type { Organization, Page } from '../api/types.js';
import { AdvisoryStatusBadge, AnswerBadge, RecipientStateBadge, RecipientTable, TlpBadge } from '../components/advisory-bits.js';
import { CveLink } from '../components/exposure-bits.js';
import { Empty, ErrorBanner, Link, Loading, PageHead, Person } from '../components/ui.js';
import { japanDateTime } from '../lib/japan-time.js';
import { hasAny } from '../lib/views.js';
import { AnswerForm, EditDraft } from './advisory-forms.js';

const href = (id: string, action = '') => `/advisories/${encodeURIComponent(id)}${action}`;

/** What the advisory says. */
function Body({ a }: { a: Advisory }) {
  return (
    <section className="card" aria-labelledby="advisory-body-title">
      <h2 id="advisory-body-title">Advisory</h2>
      <dl className="kv">
        <dt>CVEs</dt>
        <dd>
          <span className="row" style={{ gap: 10 }}>
            {a.cves.map((c) => (
              <CveLink key={c} cve={c} />
            ))}
          </span>
        </dd>
        <dt>TLP</dt>
        <dd>
          <TlpBadge tlp={a.tlp} />
        </dd>
        <dt>Acknowledge within</dt>
        <dd>
          {a.acknowledgeWithinDays} {a.acknowledgeWithinDays === 1 ? 'day' : 'days'} of publication
          {a.dueAt === null ? null : <strong> — by {japanDateTime(a.dueAt)}</strong>}
        </dd>
        <dt>Published</dt>
        <dd>{a.publishedAt === null ? 'not yet' : japanDateTime(a.publishedAt)}</dd>
        <dt>Origin</dt>
        <dd>{a.origin === 'kev' ? 'drafted by the platform for a KEV addition that concerns registered assets' : 'drafted by an analyst'}</dd>
      </dl>
      <h3>Summary</h3>
      <p style={{ whiteSpace: 'pre-wrap' }} data-testid="advisory-summary">
        {a.summary}
      </p>
      <h3>What to do</h3>
      <p style={{ whiteSpace: 'pre-wrap' }} data-testid="advisory-action">
        {a.action}
      </p>
    </section>
  );
}

/** The assets of the advisory with their answers (read only). */
function AssetTable({ assets, orgName, title, id }: { assets: readonly AdvisoryAsset[]; orgName: ((id: string) => string) | undefined; title: string; id: string }) {
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {assets.length === 0 ? (
        <Empty>No asset.</Empty>
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={`${id}-title`} data-testid={id}>
            <thead>
              <tr>
                <th scope="col">Asset</th>
                {orgName === undefined ? null : <th scope="col">Organisation</th>}
                <th scope="col">CVEs</th>
                <th scope="col" className="num">
                  Priority
                </th>
                <th scope="col">Answer</th>
                <th scope="col">Note</th>
                <th scope="col">Answered</th>
              </tr>
            </thead>
            <tbody>
              {assets.map((x) => (
                <tr key={x.assetId} data-testid={`advisory-asset-${x.assetId}`}>
                  <td>{x.label}</td>
                  {orgName === undefined ? null : <td>{orgName(x.organizationId)}</td>}
                  <td>
                    {x.cves.map((c) => (
                      <div key={c}>
                        <CveLink cve={c} />
                      </div>
                    ))}
                  </td>
                  <td className="num">{x.priority}</td>
                  <td>
                    <AnswerBadge answer={x.answer} />
                  </td>
                  <td className="small" style={{ whiteSpace: 'pre-wrap' }}>
                    {x.note ?? '–'}
                  </td>
                  <td className="nowrap small">
                    {x.answeredAt === null ? (
                      '–'
                    ) : (
                      <>
                        {japanDateTime(x.answeredAt)} <Person id={x.answeredBy} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The analysts' part: edit and publish a draft, withdraw a published advisory, follow recipients up. */
function AnalystPart({ d, reload, set }: { d: AdvisoryDetail; reload: () => void; set: (d: AdvisoryDetail) => void }) {
  const a = d.advisory;
  const orgs = useApi<Page<Organization>>('/organizations', { limit: 1000 });
  const orgName = (id: string) => orgs.data?.items.find((o) => o.id === id)?.name ?? id;
  const publish = useAction();
  const withdraw = useAction();
  const [confirming, setConfirming] = useState(false);
  if (a.status === 'draft') {
    return (
      <>
        <section className="card" aria-labelledby="publish-title">
          <h2 id="publish-title">Publish</h2>
          <p className="small">
            Publication sends it to every organisation with an asset exposed to its CVEs now ({new Set(d.assets.map((x) => x.organizationId)).size} organisation(s), {d.assets.length} asset(s)): their
            inbox and TAXII collection, and an e-mail heads-up without the content.
          </p>
          <ErrorBanner error={publish.error} title="Not published" />
          <button type="button" className="primary" onClick={() => void publish.run(async () => set(await api<AdvisoryDetail>(href(a.id, '/publish'), { method: 'POST' })))}>
            Publish
          </button>
        </section>
        <AssetTable assets={d.assets} orgName={orgName} title="Assets it would concern now" id="advisory-preview" />
        <EditDraft advisory={a} done={() => reload()} />
      </>
    );
  }
  return (
    <>
      <RecipientTable recipients={d.recipients} title="Follow-up" id="advisory-recipients" />
      <AssetTable assets={d.assets} orgName={(id) => d.recipients.find((r) => r.organizationId === id)?.organization ?? orgName(id)} title="Assets and answers" id="advisory-assets" />
      {a.status === 'published' ? (
        <section className="card" aria-labelledby="withdraw-title">
          <h2 id="withdraw-title">Withdraw</h2>
          <p className="small">Recipients keep seeing it, marked withdrawn, and can no longer answer.</p>
          <ErrorBanner error={withdraw.error} title="Not withdrawn" />
          {confirming ? (
            <div className="row">
              <button
                type="button"
                className="danger"
                onClick={() =>
                  void withdraw.run(async () => {
                    await api<Advisory>(href(a.id, '/withdraw'), { method: 'POST' });
                    reload();
                  })
                }
              >
                Confirm withdrawal
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep it published
              </button>
            </div>
          ) : (
            <button type="button" onClick={() => setConfirming(true)}>
              Withdraw…
            </button>
          )}
        </section>
      ) : null}
    </>
  );
}

/** The operator's part: its acknowledgement and an answer per asset of its own. */
function OperatorPart({ d, set }: { d: AdvisoryDetail; set: (d: AdvisoryDetail) => void }) {
  const a = d.advisory;
  const mine = d.recipients[0];
  const ack = useAction();
  const open = a.status === 'published';
  return (
    <>
      <section className="card" aria-labelledby="ack-title" data-testid="acknowledgement">
        <h2 id="ack-title">Acknowledgement</h2>
        {mine === undefined ? null : (
          <p>
            <RecipientStateBadge state={mine.state} />{' '}
            {mine.acknowledgedAt === null ? (
              <>due by {japanDateTime(a.dueAt)}</>
            ) : (
              <>
                acknowledged {japanDateTime(mine.acknowledgedAt)} by <Person id={mine.acknowledgedBy} />
              </>
            )}
          </p>
        )}
        <ErrorBanner error={ack.error} title="Not acknowledged" />
        {open && mine !== undefined && mine.acknowledgedAt === null ? (
          <button type="button" className="primary" onClick={() => void ack.run(async () => set(await api<AdvisoryDetail>(href(a.id, '/acknowledgement'), { method: 'POST' })))}>
            Acknowledge
          </button>
        ) : null}
      </section>
      {open ? (
        <section aria-labelledby="answers-title" className="stack">
          <h2 id="answers-title">Your assets</h2>
          {d.assets.length === 0 ? <Empty>None of your assets is named in it.</Empty> : null}
          {d.assets.map((x) => (
            <div key={x.assetId} className="card" data-testid={`advisory-asset-${x.assetId}`}>
              <h3>{x.label}</h3>
              <p className="small">
                {x.cves.map((c) => (
                  <span key={c}>
                    <CveLink cve={c} />{' '}
                  </span>
                ))}
                · priority {x.priority} · current answer: <AnswerBadge answer={x.answer} />
                {x.note === null ? null : <span style={{ whiteSpace: 'pre-wrap' }}> — {x.note}</span>}
              </p>
              <AnswerForm advisoryId={a.id} asset={x} done={set} />
            </div>
          ))}
        </section>
      ) : (
        <AssetTable assets={d.assets} orgName={undefined} title="Your assets" id="advisory-assets" />
      )}
    </>
  );
}

/** The advisory page. */
export function AdvisoryDetailView({ id }: { id: string }) {
  const { me } = useSession();
  const res = useApi<AdvisoryDetail>(href(id));
  const d = res.data;
  if (d === undefined) {
    // Another organisation's advisory, or a draft, answers 404 like a missing one: existence does not leak.
    const missing = res.error instanceof ApiError && res.error.status === 404;
    return (
      <div>
        <PageHead title={missing ? 'Advisory not found' : 'Advisory'} />
        {res.error === undefined ? <Loading what="the advisory" /> : <ErrorBanner error={res.error} />}
        {missing ? <p>No advisory with this id is in your scope.</p> : null}
        <Link href="/advisories">All advisories</Link>
      </div>
    );
  }
  const a = d.advisory;
  const analyst = hasAny(me.roles, ['nco_analyst']);
  const operator = !analyst && hasAny(me.roles, ['operator_reporter']);
  return (
    <div className="stack">
      <PageHead
        title={a.title}
        sub={
          <>
            <AdvisoryStatusBadge status={a.status} /> <TlpBadge tlp={a.tlp} /> · revision {a.revision}
          </>
        }
      >
        <Link href="/advisories">All advisories</Link>
      </PageHead>
      {a.status === 'withdrawn' ? (
        <div className="banner warn" role="status">
          Withdrawn by the office: answers are no longer taken.
        </div>
      ) : null}
      <Body a={a} />
      {analyst ? (
        <AnalystPart d={d} reload={res.reload} set={res.set} />
      ) : operator ? (
        <OperatorPart d={d} set={res.set} />
      ) : (
        <>
          <RecipientTable recipients={d.recipients} title="Acknowledgements in your sector" id="advisory-recipients" />
          <AssetTable assets={d.assets} orgName={(oid) => d.recipients.find((r) => r.organizationId === oid)?.organization ?? oid} title="Assets and answers" id="advisory-assets" />
        </>
      )}
    </div>
  );
}
