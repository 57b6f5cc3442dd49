/**
 * Small building blocks of the design system: links that use the router, state badges, error
 * and empty states, a page header and a labelled field.
 */
import type { AnchorHTMLAttributes, ReactNode } from 'react';
import { describeError } from '../api/http.js';
import { words } from '../lib/format.js';
import { navigate } from '../lib/router.js';

/** An `<a>` that navigates inside the console without a page load (keeps middle-click and ctrl-click). */
export function Link(props: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const { href, onClick, ...rest } = props;
  return (
    <a
      href={href}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        navigate(href);
      }}
      {...rest}
    />
  );
}

/** Tone of a badge. */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

const TONES: Record<string, Tone> = {
  active: 'bad',
  ended: 'neutral',
  open: 'info',
  contained: 'warn',
  closed: 'neutral',
  pending_approval: 'warn',
  approved: 'ok',
  rejected: 'bad',
  cancelled: 'neutral',
  completed: 'ok',
  expired: 'neutral',
  withdrawn: 'neutral',
  failed: 'bad',
  pending: 'warn',
  upheld: 'ok',
  withdrawal_ordered: 'bad',
  approve: 'ok',
  reject: 'bad',
  immediate: 'bad',
  urgent: 'warn',
  routine: 'neutral',
  high: 'bad',
  medium: 'warn',
  low: 'info',
  none: 'neutral',
};

/**
 * A state shown as a word on a coloured pill; `tone` overrides the colour chosen from the state.
 * `countermeasure` states read the other way round: an attack `active` is bad news, a rule `active` is in force.
 */
export function Badge({ state, tone, countermeasure, children }: { state?: string; tone?: Tone; countermeasure?: boolean; children?: ReactNode }) {
  const t = tone ?? (state === undefined ? 'neutral' : countermeasure === true && state === 'active' ? 'ok' : (TONES[state] ?? 'neutral'));
  return <span className={`badge ${t === 'neutral' ? '' : t}`}>{children ?? (state === undefined ? '' : words(state))}</span>;
}

/** An error banner showing the API's message and stable code. */
export function ErrorBanner({ error, title }: { error: unknown; title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="banner bad" role="alert">
      {title === undefined ? null : <strong>{title}: </strong>}
      {describeError(error)}
    </div>
  );
}

/** A loading line that screen readers announce. */
export function Loading({ what }: { what?: string }) {
  return (
    <p className="muted" role="status">
      Loading{what === undefined ? '' : ` ${what}`}…
    </p>
  );
}

/** The heading of a page with an optional subtitle and actions on the right. */
export function PageHead({ title, sub, children }: { title: ReactNode; sub?: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-head">
      <div>
        <h1 id="page-title" tabIndex={-1}>
          {title}
        </h1>
        {sub === undefined ? null : <p>{sub}</p>}
      </div>
      {children === undefined ? null : <div className="row">{children}</div>}
    </div>
  );
}

/** A label, a control and an optional hint, wired for screen readers. */
export function Field({ id, label, hint, children }: { id: string; label: ReactNode; hint?: ReactNode; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {hint === undefined ? null : (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
    </div>
  );
}

/** A labelled figure in a card. */
export function Stat({ label, value, sub }: { label: string; value: ReactNode; sub?: ReactNode }) {
  return (
    <div className="card">
      <div className="stat-label">{label}</div>
      <div className="stat">{value}</div>
      {sub === undefined ? null : <div className="muted small">{sub}</div>}
    </div>
  );
}

/** "Nothing here" with a reason. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted">{children}</p>;
}

/** A person: the display name the API sends with an id, or a shortened id (full id on hover). */
export function Person({ id, name }: { id: string | null | undefined; name?: string | null | undefined }) {
  if (id === null || id === undefined) return <>–</>;
  if (name != null && name !== '') return <span title={id}>{name}</span>;
  return (
    <span className="mono" title={id}>
      {id.length > 12 ? `${id.slice(0, 10)}…` : id}
    </span>
  );
}
