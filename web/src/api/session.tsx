/**
 * The signed-in user as React context: loaded from `GET /auth/session` at start, set by sign-in,
 * cleared by sign-out or by any 401 (idle or absolute expiry). The CSRF token of the session goes
 * to the HTTP client so every state-changing call carries it.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorisedHandler } from './http.js';
import type { Me, Session } from './types.js';

/** What views read from the session. */
export interface SessionState {
  readonly me: Me;
  signOut(): Promise<void>;
}

const Ctx = createContext<SessionState | undefined>(undefined);

/** The signed-in user; only used below {@link SessionGate}, where there is one. */
export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (s === undefined) throw new Error('useSession outside a signed-in console');
  return s;
}

/** Status of the session gate. */
type GateState = { kind: 'checking' } | { kind: 'signed-out'; reason?: string } | { kind: 'signed-in'; session: Session };

/**
 * Renders `children` for a signed-in user and `signIn` otherwise. `signIn` receives the function
 * that completes a sign-in.
 */
export function SessionGate({ children, signIn }: { children: ReactNode; signIn: (done: (s: Session) => void, reason?: string) => ReactNode }) {
  const [state, setState] = useState<GateState>({ kind: 'checking' });

  useEffect(() => {
    setUnauthorisedHandler(() => {
      setCsrfToken(null);
      setState({ kind: 'signed-out', reason: 'Your session has ended. Please sign in again.' });
    });
    api<Session>('/auth/session')
      .then((s) => {
        setCsrfToken(s.csrfToken);
        setState({ kind: 'signed-in', session: s });
      })
      .catch((e: unknown) => setState({ kind: 'signed-out', ...(e instanceof ApiError && e.status !== 401 ? { reason: e.message } : {}) }));
  }, []);

  const done = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setState({ kind: 'signed-in', session: s });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api('/auth/sign-out', { method: 'POST' });
    } finally {
      setCsrfToken(null);
      setState({ kind: 'signed-out' });
    }
  }, []);

  const value = useMemo(() => (state.kind === 'signed-in' ? { me: state.session.user, signOut } : undefined), [state, signOut]);
  if (state.kind === 'checking')
    return (
      <p className="muted" role="status" style={{ padding: 24 }}>
        Loading…
      </p>
    );
  if (state.kind === 'signed-out' || value === undefined) return <>{signIn(done, state.kind === 'signed-out' ? state.reason : undefined)}</>;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}
