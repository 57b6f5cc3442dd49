/**
 * The grounds of a countermeasure request: justification, harm assessment (life, body, property),
 * urgency, linked evidence from the case, whether the target is abroad, and gate references.
 */
import type { CaseEvidence, HarmLevel } from '../api/types.js';
import { words } from '../lib/format.js';
import { GATE_LABELS } from '../lib/labels.js';
import { Field } from './ui.js';

/** The grounds as the form holds them. */
export interface Grounds {
  readonly justification: string;
  readonly harm: { readonly life: HarmLevel; readonly body: HarmLevel; readonly property: HarmLevel; readonly notes: string };
  readonly urgency: 'routine' | 'urgent' | 'immediate';
  /** Linked evidence as `kind\0ref` keys. */
  readonly evidence: ReadonlySet<string>;
  readonly abroad: boolean;
  readonly gates: Readonly<Record<string, string>>;
}

/** Grounds of a new form. */
export const EMPTY_GROUNDS: Grounds = { justification: '', harm: { life: 'none', body: 'none', property: 'low', notes: '' }, urgency: 'urgent', evidence: new Set(), abroad: false, gates: {} };

/** Key of a piece of evidence in {@link Grounds.evidence}. */
export const evidenceKey = (e: { kind: string; ref: string }): string => `${e.kind}\u0000${e.ref}`;

/** The grounds part of the request body (`RequestInput` without case, action and duration). */
export function groundsBody(g: Grounds): Record<string, unknown> {
  const gates = Object.fromEntries(Object.entries(g.gates).filter(([, v]) => v.trim() !== ''));
  return {
    justification: g.justification,
    harm: { life: g.harm.life, body: g.harm.body, property: g.harm.property, ...(g.harm.notes === '' ? {} : { notes: g.harm.notes }) },
    urgency: g.urgency,
    evidence: [...g.evidence].map((k) => {
      const [kind, ref] = k.split('\u0000') as [string, string];
      return { kind, ref };
    }),
    abroad: g.abroad,
    ...(Object.keys(gates).length === 0 ? {} : { gates }),
  };
}

const LEVELS: readonly HarmLevel[] = ['none', 'low', 'medium', 'high'];
const GATES = ['foreign_ministry_consultation', 'prime_minister_order', 'national_security_council_review'] as const;

/** The fields. */
export function GroundsFields({ g, set, caseEvidence }: { g: Grounds; set: (p: Partial<Grounds>) => void; caseEvidence: readonly CaseEvidence[] }) {
  const toggle = (k: string, on: boolean): void => {
    const n = new Set(g.evidence);
    if (on) n.add(k);
    else n.delete(k);
    set({ evidence: n });
  };
  return (
    <>
      <Field id="rq-just" label="Justification" hint="Why this action is necessary and proportionate.">
        <textarea id="rq-just" rows={4} value={g.justification} onChange={(e) => set({ justification: e.target.value })} required maxLength={4000} />
      </Field>
      <fieldset>
        <legend>Harm to third parties</legend>
        <div className="grid cols-3">
          {(['life', 'body', 'property'] as const).map((k) => (
            <Field key={k} id={`rq-harm-${k}`} label={k[0]!.toUpperCase() + k.slice(1)}>
              <select id={`rq-harm-${k}`} value={g.harm[k]} onChange={(e) => set({ harm: { ...g.harm, [k]: e.target.value as HarmLevel } })}>
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </Field>
          ))}
        </div>
        <Field id="rq-harm-notes" label="Assessment notes">
          <textarea id="rq-harm-notes" rows={2} value={g.harm.notes} onChange={(e) => set({ harm: { ...g.harm, notes: e.target.value } })} maxLength={2000} />
        </Field>
      </fieldset>
      <fieldset>
        <legend>Urgency</legend>
        {(['routine', 'urgent', 'immediate'] as const).map((u) => (
          <label key={u} className="check">
            <input type="radio" name="urgency" checked={g.urgency === u} onChange={() => set({ urgency: u })} />
            {u}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Linked evidence</legend>
        {caseEvidence.length === 0 ? <span className="muted small">The case has no evidence yet.</span> : null}
        {caseEvidence.map((e) => (
          <label key={e.id} className="check small">
            <input type="checkbox" checked={g.evidence.has(evidenceKey(e))} onChange={(ev) => toggle(evidenceKey(e), ev.target.checked)} />
            {words(e.kind)} <span className="mono">{e.ref}</span>
          </label>
        ))}
      </fieldset>
      <label className="check" style={{ marginBottom: 8 }}>
        <input type="checkbox" checked={g.abroad} onChange={(e) => set({ abroad: e.target.checked })} />
        The target is located abroad
      </label>
      <details>
        <summary>Gate references already obtained</summary>
        {GATES.map((k) => (
          <Field key={k} id={`rq-gate-${k}`} label={GATE_LABELS[k]}>
            <input id={`rq-gate-${k}`} value={g.gates[k] ?? ''} onChange={(e) => set({ gates: { ...g.gates, [k]: e.target.value } })} />
          </Field>
        ))}
      </details>
    </>
  );
}
