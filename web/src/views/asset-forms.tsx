/**
 * The writers' forms of the asset register: one asset at a time, and a whole CSV or CycloneDX SBOM
 * pasted or picked from disk. The API validates (CPE 2.2 URIs become 2.3 strings, purls canonical)
 * and refuses a whole import for one bad row; both forms show its coded error, and the import every
 * row and column it names. An analyst writes for the organisation chosen; an operator for its own.
 */
import { useEffect, useRef, useState, type ChangeEvent, type FormEvent } from 'react';
import { ApiError, api } from '../api/http.js';
import { useAction } from '../api/use-action.js';
import { ASSET_ROLES, ASSET_STATUSES, type Asset, type AssetImportResult, type AssetRole, type AssetStatus, type Organization } from '../api/types.js';
import { assetName, ProblemList, problemsOf } from '../components/asset-bits.js';
import { ErrorBanner, Field, Link } from '../components/ui.js';
import { int } from '../lib/format.js';
import { japanToday } from '../lib/japan-time.js';
import { ASSET_ROLE_LABELS, ASSET_STATUS_LABELS } from '../lib/labels.js';

/** The organisation chosen in a form, following the list's organisation filter when one is set. */
function useOrgChoice(suggested: string): [string, (v: string) => void] {
  const [org, setOrg] = useState(suggested);
  useEffect(() => {
    if (suggested !== '') setOrg(suggested);
  }, [suggested]);
  return [org, setOrg];
}

/** The organisation a form writes for: a choice for analysts (`orgs` given), the caller's own otherwise. */
function OrgChoice({ id, orgs, value, onChange }: { id: string; orgs: readonly Organization[] | undefined; value: string; onChange: (v: string) => void }) {
  if (orgs === undefined) return null;
  return (
    <Field id={id} label="Organisation">
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} required>
        <option value="">Choose…</option>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** What both forms take: the organisations to choose from (analysts only), the list's organisation filter, what to do after a write. */
export interface FormProps {
  readonly orgs: readonly Organization[] | undefined;
  readonly suggestedOrg: string;
  readonly done: () => void;
}

const TEXT_FIELDS = ['vendor', 'product', 'version', 'cpe', 'purl', 'site', 'network', 'addresses', 'introducedOn'] as const;
type TextField = (typeof TEXT_FIELDS)[number];
const EMPTY: Readonly<Record<TextField, string>> = { vendor: '', product: '', version: '', cpe: '', purl: '', site: '', network: '', addresses: '', introducedOn: '' };

/** The API body of the form: blank fields left out, addresses split on commas and spaces. */
function assetBody(v: Readonly<Record<TextField, string>>, role: AssetRole, status: AssetStatus, organizationId: string | undefined) {
  const body: Record<string, unknown> = { role, status };
  for (const k of TEXT_FIELDS) {
    const s = v[k].trim();
    if (s === '' || k === 'addresses') continue;
    body[k] = s;
  }
  const addresses = v.addresses.split(/[\s,]+/).filter((a) => a !== '');
  if (addresses.length > 0) body['addresses'] = addresses;
  if (organizationId !== undefined) body['organizationId'] = organizationId;
  return body;
}

/** Registers one asset. */
export function RegisterAsset({ orgs, suggestedOrg, done }: FormProps) {
  const [org, setOrg] = useOrgChoice(suggestedOrg);
  const [v, setV] = useState<Readonly<Record<TextField, string>>>(EMPTY);
  const [role, setRole] = useState<AssetRole>('server');
  const [status, setStatus] = useState<AssetStatus>('in-service');
  const [created, setCreated] = useState<Asset | undefined>(undefined);
  const action = useAction();
  const problems = problemsOf(action.error);
  // The API names a single asset's problems `field <name>` (`field cpe`); the input is marked with them.
  const bad = (name: string) => problems.some((p) => p.where === `field ${name}`);
  const text = (name: TextField, label: string, hint?: string, props: { type?: string; max?: string; className?: string; placeholder?: string } = {}) => (
    <Field id={`asset-${name}`} label={label} hint={hint}>
      <input
        id={`asset-${name}`}
        {...props}
        value={v[name]}
        onChange={(e) => setV({ ...v, [name]: e.target.value })}
        aria-invalid={bad(name) ? true : undefined}
        aria-describedby={[hint === undefined ? '' : `asset-${name}-hint`, bad(name) ? 'asset-form-error' : ''].filter((x) => x !== '').join(' ') || undefined}
      />
    </Field>
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(undefined);
    return action.run(async () => {
      const a = await api<Asset>('/assets', { method: 'POST', body: assetBody(v, role, status, orgs === undefined ? undefined : org) });
      setCreated(a);
      setV(EMPTY);
      done();
    });
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="register-title" noValidate>
      <h2 id="register-title">Register an asset</h2>
      <div id="asset-form-error">
        <ErrorBanner error={action.error} title="Not registered" />
      </div>
      <p role="status" className={created === undefined ? undefined : 'banner ok'}>
        {created === undefined ? null : (
          <>
            Registered <Link href={`/assets/${encodeURIComponent(created.id)}`}>{assetName(created)}</Link>
            {created.cpe === null ? null : (
              <>
                {' '}
                with CPE <code data-testid="registered-cpe">{created.cpe}</code>
              </>
            )}
          </>
        )}
      </p>
      <OrgChoice id="asset-org" orgs={orgs} value={org} onChange={setOrg} />
      <div className="grid cols-3">
        {text('vendor', 'Vendor')}
        {text('product', 'Product')}
        {text('version', 'Version')}
      </div>
      {text('cpe', 'CPE', 'A CPE 2.3 string or a 2.2 URI (cpe:/o:vendor:product:version); stored as 2.3.', { className: 'mono', placeholder: 'cpe:2.3:o:fortinet:fortios:7.2.4:*:*:*:*:*:*:*' })}
      {text('purl', 'Package URL (purl)', undefined, { className: 'mono', placeholder: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1' })}
      <div className="grid cols-2">
        <Field id="asset-role" label="Role">
          <select id="asset-role" value={role} onChange={(e) => setRole(e.target.value as AssetRole)} aria-invalid={bad('role') ? true : undefined}>
            {ASSET_ROLES.map((r) => (
              <option key={r} value={r}>
                {ASSET_ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="asset-status" label="Status">
          <select id="asset-status" value={status} onChange={(e) => setStatus(e.target.value as AssetStatus)} aria-invalid={bad('status') ? true : undefined}>
            {ASSET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ASSET_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <div className="grid cols-2">
        {text('introducedOn', 'Introduced on', 'Day it went into service (Japan). Blank while planned.', { type: 'date', max: japanToday(Date.now()) })}
        {text('site', 'Site')}
      </div>
      <div className="grid cols-2">
        {text('network', 'Protected network', 'Its id or prefix (optional).', { className: 'mono' })}
        {text('addresses', 'Addresses', 'Addresses or prefixes, separated by commas or spaces.', { className: 'mono' })}
      </div>
      <button className="primary" type="submit" disabled={orgs !== undefined && org === ''}>
        Register asset
      </button>
    </form>
  );
}

type Format = 'csv' | 'cyclonedx';

const FORMAT_HINTS: Readonly<Record<Format, string>> = {
  csv: 'Header row first: vendor, product, version, cpe, purl, role, site, network, addresses, introduced_on, status (any order, any subset). A row for an asset already registered updates it.',
  cyclonedx: 'A CycloneDX 1.2–1.6 JSON SBOM: each component becomes an asset, with the date, role, site and status below. Components already registered are left as they are.',
};

/** Imports a CSV or a CycloneDX SBOM, all of it or nothing. */
export function ImportAssets({ orgs, suggestedOrg, done }: FormProps) {
  const [org, setOrg] = useOrgChoice(suggestedOrg);
  const [format, setFormat] = useState<Format>('csv');
  const [content, setContent] = useState('');
  const [introducedOn, setIntroducedOn] = useState('');
  const [role, setRole] = useState<AssetRole | ''>('');
  const [site, setSite] = useState('');
  const [status, setStatus] = useState<AssetStatus | ''>('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<AssetImportResult | undefined>(undefined);
  const file = useRef<HTMLInputElement>(null);
  const action = useAction();
  const problems = problemsOf(action.error);
  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f === undefined) return;
    if (/\.json$/i.test(f.name)) setFormat('cyclonedx');
    else if (/\.csv$/i.test(f.name)) setFormat('csv');
    setContent(await f.text());
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(undefined);
    setBusy(true);
    const options =
      format === 'csv'
        ? {}
        : { ...(introducedOn === '' ? {} : { introducedOn }), ...(role === '' ? {} : { role }), ...(site.trim() === '' ? {} : { site: site.trim() }), ...(status === '' ? {} : { status }) };
    await action.run(async () => {
      const r = await api<AssetImportResult>('/assets/import', { method: 'POST', body: { format, content, ...options, ...(orgs === undefined ? {} : { organizationId: org }) } });
      setResult(r);
      done();
    });
    setBusy(false);
  };
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="import-title">
      <h2 id="import-title">Import assets</h2>
      {problems.length === 0 ? (
        <ErrorBanner error={action.error} title="Nothing imported" />
      ) : (
        // The table below says what and where; the banner says that nothing was stored, and the code.
        <div className="banner bad" role="alert">
          <strong>Nothing imported:</strong> {problems.length === 1 ? 'one problem' : `${int(problems.length)} problems`} in the document
          {action.error instanceof ApiError ? ` (${action.error.code})` : ''}.
        </div>
      )}
      <ProblemList error={action.error} id="import-problems" caption="Problems (fix them and import again; nothing was stored)" />
      <p role="status" data-testid="import-result" className={result === undefined ? undefined : 'banner ok'}>
        {result === undefined
          ? null
          : `Imported: ${int(result.created)} created, ${int(result.updated)} updated, ${int(result.unchanged)} unchanged${result.repeats === 0 ? '' : `, ${int(result.repeats)} repeated in the document`}.`}
      </p>
      <OrgChoice id="import-org" orgs={orgs} value={org} onChange={setOrg} />
      <fieldset>
        <legend>Format</legend>
        <div className="row">
          <label className="check">
            <input type="radio" name="import-format" value="csv" checked={format === 'csv'} onChange={() => setFormat('csv')} />
            CSV
          </label>
          <label className="check">
            <input type="radio" name="import-format" value="cyclonedx" checked={format === 'cyclonedx'} onChange={() => setFormat('cyclonedx')} />
            CycloneDX SBOM (JSON)
          </label>
        </div>
      </fieldset>
      <Field id="import-file" label="Read from a file">
        <input id="import-file" ref={file} type="file" accept={format === 'csv' ? '.csv,text/csv' : '.json,application/json'} onChange={(e) => void pick(e)} />
      </Field>
      <Field id="import-content" label="Document" hint={FORMAT_HINTS[format]}>
        <textarea
          id="import-content"
          className="mono"
          rows={6}
          wrap="off"
          value={content}
          onChange={(e) => {
            setContent(e.target.value);
            // What is imported is the text: a file name still showing would say otherwise.
            if (file.current !== null) file.current.value = '';
          }}
          aria-describedby="import-content-hint"
          spellCheck={false}
        />
      </Field>
      {format === 'cyclonedx' ? (
        <div className="grid cols-2">
          <Field id="import-introduced" label="Components introduced on">
            <input id="import-introduced" type="date" max={japanToday(Date.now())} value={introducedOn} onChange={(e) => setIntroducedOn(e.target.value)} />
          </Field>
          <Field id="import-role" label="Components’ role">
            <select id="import-role" value={role} onChange={(e) => setRole(e.target.value as AssetRole | '')}>
              <option value="">Other (default)</option>
              {ASSET_ROLES.map((r) => (
                <option key={r} value={r}>
                  {ASSET_ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="import-site" label="Components’ site">
            <input id="import-site" value={site} onChange={(e) => setSite(e.target.value)} />
          </Field>
          <Field id="import-status" label="Components’ status">
            <select id="import-status" value={status} onChange={(e) => setStatus(e.target.value as AssetStatus | '')}>
              <option value="">In service (default)</option>
              {ASSET_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {ASSET_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </Field>
        </div>
      ) : null}
      <button className="primary" type="submit" disabled={busy || content.trim() === '' || (orgs !== undefined && org === '')}>
        {busy ? 'Importing…' : 'Import'}
      </button>
    </form>
  );
}
