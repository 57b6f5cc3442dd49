import Type, { type Static } from 'typebox';

const secret = (description: string) => Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null, description });

/** One external TAXII 2.1 collection pulled into the STIX object store (`intel.feeds[]`). */
export const FeedConfigSchema = Type.Object(
  {
    name: Type.String({
      pattern: '^[a-z0-9][a-z0-9._-]{0,63}$',
      description: 'unique name: objects are stored under source feed:<name>, in the local collection feed-<name>',
    }),
    url: Type.String({ pattern: '^https?://[^\\s]+/$', description: 'URL of the TAXII 2.1 collection, ending in / (https://host/<api-root>/collections/<id>/)' }),
    token: secret('Bearer token sent as Authorization; null for none'),
    username: secret('Basic authentication user (with password); null for none'),
    password: secret('Basic authentication password (with username); null for none'),
    defaultMarking: Type.Union([Type.Literal('clear'), Type.Literal('green'), Type.Literal('amber'), Type.Literal('amber+strict'), Type.Literal('red')], {
      default: 'amber',
      description: 'TLP level given to received objects that carry no TLP marking',
    }),
    intervalSeconds: Type.Integer({ minimum: 1, maximum: 604800, default: 3600, description: 'the poller pulls the feed again this long after the previous pull ended' }),
    pageLimit: Type.Integer({ minimum: 1, maximum: 10000, default: 1000, description: 'limit asked per page; a page holding more objects is refused' }),
    maxPages: Type.Integer({ minimum: 1, maximum: 1000000, default: 1000, description: 'pages one pull may read; past it the pull stops, and the next one resumes' }),
    maxBytes: Type.Integer({
      minimum: 1024,
      maximum: 1099511627776,
      default: 1073741824,
      description: 'bytes of answers one pull may read; reading stops at the bound and the pull fails',
    }),
    timeoutMs: Type.Integer({ minimum: 100, maximum: 600000, default: 30000, description: 'a request without its complete answer after this is abandoned (and retried)' }),
    retries: Type.Integer({ minimum: 0, maximum: 20, default: 5, description: 'further attempts after 408, 429, 5xx, a network error or a timeout' }),
    backoffMs: Type.Integer({ minimum: 1, maximum: 600000, default: 1000, description: 'wait before the first retry; doubles each time, with jitter, or Retry-After when the server sends one' }),
    maxBackoffMs: Type.Integer({
      minimum: 1,
      maximum: 3600000,
      default: 300000,
      description: 'longest wait between attempts; a server asking (Retry-After) for longer fails the pull instead',
    }),
    enabled: Type.Boolean({ default: true, description: 'pulled by the poller and by sakimori intel pull; a disabled feed only by intel pull --feed <name>' }),
  },
  { additionalProperties: false },
);

/** One validated feed of `intel.feeds`. */
export type FeedConfig = Static<typeof FeedConfigSchema>;

/** Indicator matching and sightings (the `intel` section). Defaults live here only. */
export const IntelConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'match every flow record against the indicator set' }),
    indicatorFiles: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'indicator files (text or JSON) loaded at start on top of the stored indicators, each under source file:<name>',
    }),
    flushIntervalMs: Type.Integer({ minimum: 100, maximum: 60000, default: 2000, description: 'how often sightings are written to storage and published' }),
    maxSightings: Type.Integer({ minimum: 16, maximum: 4194304, default: 65536, description: '(indicator, host) pairs held in memory; matches of further pairs are dropped and counted' }),
    idleSeconds: Type.Integer({ minimum: 1, maximum: 604800, default: 3600, description: 'a stored pair unseen this long leaves memory (its row stays)' }),
    requireProtected: Type.Boolean({ default: true, description: 'record only matches whose other end lies in a protected network' }),
    stixRefreshMs: Type.Integer({
      minimum: 5000,
      maximum: 86400000,
      default: 60000,
      description: 'how often the STIX indicators of the store are compiled into the flow matcher again (also after every feed pull that stored something)',
    }),
    feeds: Type.Array(FeedConfigSchema, {
      default: [],
      description:
        'external TAXII 2.1 collections pulled into the STIX object store by sakimori intel pull and the feed poller; each has name, url, token or username and password, defaultMarking, intervalSeconds, pageLimit, maxPages, maxBytes, timeoutMs, retries, backoffMs, maxBackoffMs and enabled (see src/intel/feeds/README.md)',
    }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `intel` section. */
export type IntelConfig = Static<typeof IntelConfigSchema>;
