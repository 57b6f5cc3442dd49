/**
 * The attacker list of one attack: full source addresses are personal data, so the panel first
 * asks for the case and the purpose the look serves; the API checks that the attack lies in the
 * case's scope (a case that cites the attack has it) and records the read in the audit log. From
 * the list an officer picks the sources a countermeasure should target.
 */
import { useEffect, useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import { api, apiUrl } from '../api/http.js';
import { useApi } from '../api/use-api.js';
import { PURPOSES, type Attack, type Attacker, type Case, type Page } from '../api/types.js';
import { bytes, dateTime, int, percent } from '../lib/format.js';
import { PURPOSE_LABELS, protocolOfVector, vectorLabel } from '../lib/labels.js';
import { saveDraft, type RequestDraft } from '../lib/draft.js';
import { navigate } from '../lib/router.js';
import { ErrorBanner, Field } from './ui.js';
import { VirtualTable, type Column } from './virtual-table.js';

const MAX_SOURCES = 20_000;

interface Props {
  readonly attack: Attack;
  readonly canRequest: boolean;
  readonly canWriteCase: boolean;
}

/** What the request form is pre-filled with: the picked sources, the victim and the main vector's protocol. */
function draftFor(attack: Attack, caseId: string, selected: ReadonlySet<string>): RequestDraft {
  const main = [...attack.vectors].sort((a, b) => b.share - a.share)[0];
  return {
    caseId,
    attackId: attack.id,
    destination: attack.target,
    protocol: main === undefined ? null : (protocolOfVector(main.vector) ?? null),
    sourcePorts: attack.vectors.filter((v) => v.vector === 'reflection' && v.port !== undefined).map((v) => v.port!),
    sources: [...selected],
  };
}

/** Columns of the attacker table, with a checkbox per source for the countermeasure's targets. */
function attackerColumns(selected: ReadonlySet<string>, setSelected: Dispatch<SetStateAction<ReadonlySet<string>>>): Column<Attacker>[] {
  return [
    {
      key: 'pick',
      title: '',
      width: '28px',
      render: (a) => (
        <input
          type="checkbox"
          aria-label={`Target ${a.address}`}
          checked={selected.has(a.address)}
          onClick={(e) => e.stopPropagation()}
          onChange={(e) =>
            setSelected((s) => {
              const n = new Set(s);
              if (e.target.checked) n.add(a.address);
              else n.delete(a.address);
              return n;
            })
          }
        />
      ),
    },
    { key: 'addr', title: 'Address', width: 'minmax(130px, 1fr)', render: (a) => <span className="mono">{a.address}</span> },
    { key: 'cc', title: 'Country', width: '70px', render: (a) => a.country ?? '–' },
    { key: 'asn', title: 'ASN', width: '80px', render: (a) => (a.asn == null ? '–' : `AS${a.asn}`) },
    { key: 'pk', title: 'Packets', width: '90px', align: 'right', render: (a) => int(a.packets) },
    { key: 'by', title: 'Bytes', width: '80px', align: 'right', render: (a) => bytes(a.bytes) },
    { key: 'sh', title: 'Share', width: '70px', align: 'right', render: (a) => percent(a.packetShare, 2) },
    { key: 'vec', title: 'Vectors', width: 'minmax(120px, 1fr)', render: (a) => a.vectors.map((v) => vectorLabel({ vector: v })).join(', ') },
    { key: 'seen', title: 'Last seen', width: '150px', render: (a) => dateTime(a.lastSeen) },
  ];
}

/** The panel. */
export function AttackersPanel({ attack, canRequest, canWriteCase }: Props) {
  const cases = useApi<Page<Case>>('/cases', { limit: 200 });
  const [caseId, setCaseId] = useState('');
  const [purpose, setPurpose] = useState<string>(canRequest ? 'countermeasure_preparation' : 'incident_response');
  const [list, setList] = useState<readonly Attacker[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [notice, setNotice] = useState<string | undefined>(undefined);

  const openCases = (cases.data?.items ?? []).filter((c) => c.state !== 'closed');
  useEffect(() => {
    if (caseId === '' && openCases.length > 0) setCaseId(openCases[0]!.id);
  }, [caseId, openCases]);

  const query = { caseId, purpose };
  const load = async (): Promise<void> => {
    setError(undefined);
    setNotice(undefined);
    try {
      // Pages of 1000 up to MAX_SOURCES: more would not fit one request's targets anyway.
      const all: Attacker[] = [];
      let cursor: string | null | undefined;
      do {
        const r = await api<{ items: readonly Attacker[]; next?: string | null }>(`/attacks/${encodeURIComponent(attack.id)}/attackers`, { query: { ...query, limit: 1000, cursor } });
        all.push(...r.items);
        cursor = r.next;
      } while (cursor != null && all.length < MAX_SOURCES);
      setList(all);
      setSelected(new Set(all.map((a) => a.address)));
    } catch (e) {
      setList(undefined);
      setError(e);
    }
  };

  const addEvidence = async (): Promise<void> => {
    try {
      await api(`/cases/${encodeURIComponent(caseId)}/evidence`, { method: 'POST', body: { kind: 'attacker_list', ref: attack.id, note: `${int(list?.length ?? 0)} sources, purpose ${purpose}` } });
      setNotice('The attacker list was added to the case as evidence.');
    } catch (e) {
      setError(e);
    }
  };

  const request = (): void => {
    saveDraft(draftFor(attack, caseId, selected));
    navigate(`/requests/new?attackId=${encodeURIComponent(attack.id)}`);
  };

  const columns = useMemo(() => attackerColumns(selected, setSelected), [selected]);

  return (
    <section className="card" aria-labelledby="attackers-title" data-testid="attackers-panel">
      <h2 id="attackers-title">Attacker list</h2>
      <p className="small muted">
        Source addresses are personal data. Name the case and the purpose of this look: the attack must lie in the case's scope (a case that cites it does), and the look is recorded in the audit log.
      </p>
      {cases.data !== undefined && openCases.length === 0 ? (
        <p className="banner info">No open case yet. {canWriteCase ? 'Add this attack to a new case above first.' : 'An analyst or officer must open a case first.'}</p>
      ) : (
        <div className="grid cols-3">
          <Field id="att-case" label="Case">
            <select id="att-case" value={caseId} onChange={(e) => setCaseId(e.target.value)}>
              {openCases.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title}
                </option>
              ))}
            </select>
          </Field>
          <Field id="att-purpose" label="Purpose">
            <select id="att-purpose" value={purpose} onChange={(e) => setPurpose(e.target.value)}>
              {PURPOSES.map((p) => (
                <option key={p} value={p}>
                  {PURPOSE_LABELS[p]}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      <div className="row" style={{ margin: '10px 0' }}>
        <button type="button" className="primary" disabled={caseId === ''} onClick={() => void load()}>
          Show attacker addresses
        </button>
        {list === undefined ? null : (
          <>
            <a className="button" href={apiUrl(`/attacks/${encodeURIComponent(attack.id)}/attackers`, { ...query, format: 'csv' })} download>
              Download CSV
            </a>
            {canWriteCase ? (
              <button type="button" onClick={() => void addEvidence()}>
                Add list to case as evidence
              </button>
            ) : null}
          </>
        )}
      </div>
      <ErrorBanner error={error} />
      {notice === undefined ? null : (
        <div className="banner ok" role="status">
          {notice}
        </div>
      )}
      {list === undefined ? null : (
        <>
          <div className="spread" style={{ marginBottom: 6 }}>
            <span role="status" data-testid="attackers-count">
              {int(list.length)} sources, {int(selected.size)} selected
            </span>
            <span className="row">
              <button type="button" onClick={() => setSelected(new Set(list.map((a) => a.address)))}>
                Select all
              </button>
              <button type="button" onClick={() => setSelected(new Set())}>
                Select none
              </button>
              {canRequest ? (
                <button type="button" className="primary" disabled={selected.size === 0} onClick={request}>
                  Request countermeasure against {int(selected.size)} sources
                </button>
              ) : null}
            </span>
          </div>
          <VirtualTable rows={list} columns={columns} rowKey={(a) => a.address} label="Attacker addresses" height={320} />
        </>
      )}
    </section>
  );
}
