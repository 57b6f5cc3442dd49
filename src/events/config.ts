import Type, { type Static } from 'typebox';

/** A bus subject pattern: dot-separated tokens, `*` for one token, `>` for the rest. */
const SubjectPattern = Type.String({ pattern: '^([A-Za-z0-9_-]+|\\*)(\\.([A-Za-z0-9_-]+|\\*))*(\\.>)?$|^>$' });

/** Subjects every output can carry: detection's attacks and infected hosts, and sightings. */
export const DETECTION_SUBJECTS = ['attack.*', 'sighting.*', 'host.*'] as const;

/** Subjects hooks and webhooks get by default: one event per attack start and end, not every second. */
const NOTIFY_SUBJECTS = ['attack.started', 'attack.ended', 'sighting.new', 'host.infected'];

/** Event outputs (the `events` section): JSON lines, an exec hook and a webhook. Defaults live here only. */
export const EventsConfigSchema = Type.Object(
  {
    file: Type.Object(
      {
        path: Type.Union([Type.String({ minLength: 1 }), Type.Null()], {
          default: null,
          description: "file to append events to as JSON lines; '-' for standard output; null for none (`serve --events`)",
        }),
        subjects: Type.Array(SubjectPattern, { default: [...DETECTION_SUBJECTS], description: 'bus subjects written, attack.updated (every second of an attack) included by default' }),
        maxBufferedBytes: Type.Integer({ minimum: 65536, default: 16777216, description: 'bytes waiting for a slow file or pipe; further events are dropped and counted' }),
      },
      { default: {}, additionalProperties: false },
    ),
    exec: Type.Object(
      {
        command: Type.Union([Type.Array(Type.String({ minLength: 1 }), { minItems: 1 }), Type.Null()], {
          default: null,
          description: 'program and arguments run once per event with the event as JSON on standard input (no shell; like FastNetMon notify scripts)',
        }),
        subjects: Type.Array(SubjectPattern, { default: NOTIFY_SUBJECTS }),
        env: Type.Record(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]*$' }), Type.String(), {
          default: {},
          description: 'environment of the command besides PATH, HOME, LANG, TZ and SAKIMORI_EVENT_SUBJECT (the server environment is not passed on)',
        }),
        concurrency: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'commands running at once' }),
        timeoutMs: Type.Integer({ minimum: 100, maximum: 600000, default: 10000, description: 'a command still running after this is terminated' }),
        maxQueued: Type.Integer({ minimum: 1, maximum: 1000000, default: 1000, description: 'events waiting for a free slot; further ones are dropped and counted' }),
      },
      { default: {}, additionalProperties: false },
    ),
    webhook: Type.Object(
      {
        url: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { default: null, description: 'URL each event is POSTed to as JSON; null for none' }),
        subjects: Type.Array(SubjectPattern, { default: NOTIFY_SUBJECTS }),
        secret: Type.Union([Type.String({ minLength: 16 }), Type.Null()], {
          default: null,
          description: 'HMAC-SHA256 key: requests carry x-sakimori-signature: sha256=<hex of HMAC(timestamp + "." + body)> and x-sakimori-timestamp',
        }),
        headers: Type.Record(Type.String({ pattern: '^[A-Za-z0-9-]+$' }), Type.String(), { default: {}, description: 'extra request headers, e.g. an Authorization token' }),
        timeoutMs: Type.Integer({ minimum: 100, maximum: 120000, default: 5000 }),
        retries: Type.Integer({ minimum: 0, maximum: 20, default: 5, description: 'further attempts after a network error, a timeout, 408, 425, 429 or 5xx' }),
        backoffMs: Type.Integer({ minimum: 1, default: 500, description: 'wait before the first retry; doubles each time (with jitter), or Retry-After when the server sends one' }),
        maxBackoffMs: Type.Integer({ minimum: 1, default: 30000 }),
        concurrency: Type.Integer({ minimum: 1, maximum: 64, default: 2, description: 'requests in flight at once' }),
        maxQueued: Type.Integer({ minimum: 1, maximum: 1000000, default: 1000, description: 'events waiting to be sent; further ones are dropped and counted' }),
      },
      { default: {}, additionalProperties: false },
    ),
    drainTimeoutMs: Type.Integer({ minimum: 0, maximum: 600000, default: 5000, description: 'on shutdown, how long queued events may still be delivered' }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `events` section. */
export type EventsConfig = Static<typeof EventsConfigSchema>;
