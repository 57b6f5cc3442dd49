import Type, { type Static } from 'typebox';
import type { SessionSettings } from '../accounts/account-service.js';
import type { SignInLimits } from '../accounts/sign-in-limiter.js';
import { ListenAddress } from '../core/listen.js';
import { DEFAULT_SESSION_SETTINGS } from '../accounts/account-service.js';
import { DEFAULT_SIGN_IN_LIMITS } from '../accounts/sign-in-limiter.js';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** HTTP API and console configuration (the `api` section). */
export const ApiConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true }),
    listen: Type.String({ ...ListenAddress, default: '127.0.0.1:8080', description: 'host:port of the HTTP API and console' }),
    metrics: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'serve Prometheus metrics on a listener of their own (never on the API listener)' }),
        listen: Type.String({
          ...ListenAddress,
          default: '127.0.0.1:9464',
          description: 'host:port of the metrics listener; metrics need no sign-in and name exporters and peers, so keep it on loopback or a management network',
        }),
        path: Type.String({ default: '/metrics', pattern: '^/[A-Za-z0-9/_.-]*$', description: 'path of the Prometheus text exposition on the metrics listener' }),
      },
      { default: {}, additionalProperties: false },
    ),
    bodyLimitBytes: Type.Integer({ minimum: 1024, maximum: 64 * 1024 * 1024, default: 1024 * 1024, description: 'largest request body accepted; larger ones get 413' }),
    secureCookies: Type.Union([Type.Literal('auto'), Type.Literal('always'), Type.Literal('never')], {
      default: 'auto',
      description: 'mark the session cookie Secure: auto = when the request came over https (X-Forwarded-Proto counts only with trustProxy)',
    }),
    trustProxy: Type.Boolean({ default: false, description: 'trust X-Forwarded-For/-Proto from a reverse proxy (client address for sign-in throttling, https for cookies)' }),
    webRoot: Type.String({ default: '', description: 'directory of the built console (empty: web/dist of the installation, served when it exists)' }),
    session: Type.Object(
      {
        idleMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: DEFAULT_SESSION_SETTINGS.idleMs / MINUTE, description: 'a session ends after this long without a request' }),
        absoluteHours: Type.Integer({ minimum: 1, maximum: 168, default: DEFAULT_SESSION_SETTINGS.absoluteMs / HOUR, description: 'a session ends this long after sign-in whatever its use' }),
        purgeMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: 10, description: 'how often sessions past their end are deleted' }),
      },
      { default: {}, additionalProperties: false },
    ),
    signIn: Type.Object(
      {
        accountFailures: Type.Integer({
          minimum: 1,
          maximum: 100,
          default: DEFAULT_SIGN_IN_LIMITS.accountFailures,
          description:
            'failed sign-ins per account from one source address within accountWindowMinutes before that address is refused for the account for the rest of the window (never the account for everyone: 4× this from all addresses slows it down and is audited instead); also wrong current passwords per user',
        }),
        accountWindowMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: DEFAULT_SIGN_IN_LIMITS.accountWindowMs / MINUTE }),
        addressAttempts: Type.Integer({ minimum: 1, maximum: 10000, default: DEFAULT_SIGN_IN_LIMITS.addressAttempts, description: 'sign-in attempts per source address within addressWindowMinutes' }),
        addressWindowMinutes: Type.Integer({ minimum: 1, maximum: 1440, default: DEFAULT_SIGN_IN_LIMITS.addressWindowMs / MINUTE }),
      },
      { default: {}, additionalProperties: false },
    ),
    rates: Type.Object(
      {
        historySeconds: Type.Integer({ minimum: 60, maximum: 86400, default: 3600, description: 'per-second rate history kept per protected network (about 56 B per network-second)' }),
      },
      { default: {}, additionalProperties: false },
    ),
  },
  { default: {}, additionalProperties: false },
);

export type ApiConfig = Static<typeof ApiConfigSchema>;

/** The account service's session lifetimes and sign-in limits from `api.session` and `api.signIn`, in milliseconds. */
export function accountSettings(api: Pick<ApiConfig, 'session' | 'signIn'>): { readonly sessions: SessionSettings; readonly limits: SignInLimits } {
  const minutes = 60_000;
  return {
    sessions: { idleMs: api.session.idleMinutes * minutes, absoluteMs: api.session.absoluteHours * 60 * minutes },
    limits: {
      accountFailures: api.signIn.accountFailures,
      accountWindowMs: api.signIn.accountWindowMinutes * minutes,
      addressAttempts: api.signIn.addressAttempts,
      addressWindowMs: api.signIn.addressWindowMinutes * minutes,
    },
  };
}

/** The metrics listener's configuration (`api.metrics`). */
export type MetricsListenerConfig = ApiConfig['metrics'];
