/**
 * Sign-in: user name and password (the API sets an HttpOnly session cookie and returns the CSRF
 * token). In demo mode the server lists the demo accounts, which a newcomer can pick from.
 */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError, describeError } from '../api/http.js';
import type { Role, Session } from '../api/types.js';
import { ROLE_NAMES } from '../lib/views.js';

interface DemoAccounts {
  readonly accounts: readonly {
    readonly username: string;
    readonly displayName?: string | null;
    readonly roles: readonly Role[];
    readonly organization?: string | null;
    readonly sector?: string | null;
    readonly password?: string;
  }[];
  readonly passwordPattern?: string;
}

function demoPassword(d: DemoAccounts, username: string, password: string | undefined): string {
  return password ?? (d.passwordPattern ?? '<username>-demo-pass').replace('<username>', username);
}

/** The sign-in page. */
export function SignIn({ done, reason }: { done: (s: Session) => void; reason?: string | undefined }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [demo, setDemo] = useState<DemoAccounts | undefined>(undefined);
  const userField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    userField.current?.focus();
    api<DemoAccounts>('/auth/demo').then(setDemo, () => setDemo(undefined));
  }, []);

  const submit = async (e: FormEvent): Promise<void> => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      done(await api<Session>('/auth/sign-in', { method: 'POST', body: { username, password } }));
    } catch (err) {
      setError(err instanceof ApiError && err.code === 'SAKIMORI_ERR_AUTH_INVALID_CREDENTIALS' ? 'Wrong user name or password.' : describeError(err));
      setBusy(false);
    }
  };

  return (
    <main className="signin">
      <div className="card">
        <h1>Sakimori</h1>
        <p className="muted">Active cyber defence console. Sign in to continue.</p>
        {reason === undefined ? null : (
          <div className="banner info" role="status">
            {reason}
          </div>
        )}
        {error === undefined ? null : (
          <div className="banner bad" role="alert">
            {error}
          </div>
        )}
        <form onSubmit={(e) => void submit(e)} aria-label="Sign in">
          <div className="field">
            <label htmlFor="username">User name</label>
            <input id="username" ref={userField} autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} required />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          </div>
          <button className="primary" type="submit" disabled={busy}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
      {demo === undefined || demo.accounts.length === 0 ? null : (
        <div className="card demo-accounts" style={{ marginTop: 12 }}>
          <h2>Demo accounts</h2>
          <p className="muted">This server runs the demo. Pick an account to fill in the form.</p>
          <table data-testid="demo-accounts">
            <tbody>
              {demo.accounts.map((a) => (
                <tr key={a.username}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setUsername(a.username);
                        setPassword(demoPassword(demo, a.username, a.password));
                      }}
                    >
                      {a.username}
                    </button>
                  </td>
                  <td className="muted">
                    {a.roles.map((r) => ROLE_NAMES[r] ?? r).join(', ')}
                    {a.organization == null ? '' : ` · ${a.organization}`}
                    {a.sector == null ? '' : ` · ${a.sector}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
