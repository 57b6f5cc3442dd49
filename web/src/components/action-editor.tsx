/**
 * The action part of the request form, one editor per mechanism: FlowSpec (sources or traffic
 * match, discard or rate limit), RTBH, block list, abuse notice, RPZ; JSON for the others.
 */
import type { ReactNode } from 'react';
import { lines, type ActionFields } from '../lib/action-input.js';
import { PROTOCOLS } from '../lib/labels.js';
import { Field } from './ui.js';

/** Fields of the chosen mechanism's action. */
export function ActionEditor({ f, set }: { f: ActionFields; set: (p: Partial<ActionFields>) => void }) {
  const protocolSelect = (id: string, allowAny: boolean): ReactNode => (
    <select id={id} value={f.protocol} onChange={(e) => set({ protocol: e.target.value })}>
      {allowAny ? <option value="">Any</option> : null}
      {PROTOCOLS.map((p) => (
        <option key={p.n} value={String(p.n)}>
          {p.name} ({p.n})
        </option>
      ))}
    </select>
  );
  switch (f.mechanism) {
    case 'flowspec':
      return (
        <>
          <fieldset>
            <legend>Match</legend>
            <label className="check">
              <input type="radio" name="match" checked={f.matchKind === 'sources'} onChange={() => set({ matchKind: 'sources' })} />
              Traffic from the listed attack sources (one rule per source)
            </label>
            <label className="check">
              <input type="radio" name="match" checked={f.matchKind === 'traffic'} onChange={() => set({ matchKind: 'traffic' })} />
              Traffic towards the victim by protocol and ports
            </label>
          </fieldset>
          {f.matchKind === 'sources' ? (
            <Field id="rq-sources" label={`Sources (${lines(f.sources).length})`} hint="One address or prefix per line; filled from the attacker list.">
              <textarea id="rq-sources" className="mono" rows={6} value={f.sources} onChange={(e) => set({ sources: e.target.value })} />
            </Field>
          ) : null}
          <div className="grid cols-2">
            <Field id="rq-dest" label={f.matchKind === 'sources' ? 'Only towards (optional)' : 'Destination'} hint="The attacked host or prefix.">
              <input id="rq-dest" className="mono" value={f.destination} onChange={(e) => set({ destination: e.target.value })} />
            </Field>
            <Field id="rq-proto" label="Protocol">
              {protocolSelect('rq-proto', f.matchKind === 'sources')}
            </Field>
          </div>
          {f.matchKind === 'traffic' ? (
            <div className="grid cols-2">
              <Field id="rq-sport" label="Source ports" hint="Comma-separated, e.g. 53, 123 for reflection.">
                <input id="rq-sport" value={f.sourcePorts} onChange={(e) => set({ sourcePorts: e.target.value })} />
              </Field>
              <Field id="rq-dport" label="Destination ports">
                <input id="rq-dport" value={f.destinationPorts} onChange={(e) => set({ destinationPorts: e.target.value })} />
              </Field>
            </div>
          ) : null}
          <fieldset>
            <legend>Treatment</legend>
            <label className="check">
              <input type="radio" name="treat" checked={f.treatment === 'discard'} onChange={() => set({ treatment: 'discard' })} />
              Discard
            </label>
            <label className="check">
              <input type="radio" name="treat" checked={f.treatment === 'rate_limit'} onChange={() => set({ treatment: 'rate_limit' })} />
              Rate-limit to
              <input aria-label="Bytes per second" style={{ width: 140 }} value={f.bytesPerSecond} onChange={(e) => set({ bytesPerSecond: e.target.value, treatment: 'rate_limit' })} /> bytes/s
            </label>
          </fieldset>
        </>
      );
    case 'rtbh':
      return (
        <Field id="rq-victim" label="Attacked host" hint="Black-holing makes the victim unreachable: a last resort.">
          <input id="rq-victim" className="mono" value={f.destination} onChange={(e) => set({ destination: e.target.value })} />
        </Field>
      );
    case 'blocklist':
    case 'abuse_notice':
      return (
        <>
          {f.mechanism === 'abuse_notice' ? (
            <Field id="rq-attack" label="Attack">
              <input id="rq-attack" className="mono" value={f.attackId} onChange={(e) => set({ attackId: e.target.value })} />
            </Field>
          ) : null}
          <Field id="rq-sources" label={`${f.mechanism === 'blocklist' ? 'Prefixes' : 'Sources'} (${lines(f.sources).length})`} hint="One per line.">
            <textarea id="rq-sources" className="mono" rows={6} value={f.sources} onChange={(e) => set({ sources: e.target.value })} />
          </Field>
        </>
      );
    case 'dns_rpz':
      return (
        <>
          <Field id="rq-domains" label="Domains" hint="One per line.">
            <textarea id="rq-domains" className="mono" rows={4} value={f.domains} onChange={(e) => set({ domains: e.target.value })} />
          </Field>
          <div className="row">
            <label htmlFor="rq-policy">Policy</label>
            <select id="rq-policy" style={{ width: 'auto' }} value={f.rpzPolicy} onChange={(e) => set({ rpzPolicy: e.target.value as ActionFields['rpzPolicy'] })}>
              <option value="nxdomain">NXDOMAIN</option>
              <option value="nodata">NODATA</option>
              <option value="sinkhole">Sinkhole</option>
            </select>
            <label className="check">
              <input type="checkbox" checked={f.includeSubdomains} onChange={(e) => set({ includeSubdomains: e.target.checked })} />
              Include subdomains
            </label>
          </div>
        </>
      );
    default:
      return (
        <Field id="rq-json" label="Action (JSON)" hint="See the API documentation for this mechanism's fields.">
          <textarea id="rq-json" className="mono" rows={8} value={f.json} onChange={(e) => set({ json: e.target.value })} />
        </Field>
      );
  }
}
