/**
 * Configuration of the BGP speaker (the `bgp` section): our AS and router id, the peers we
 * announce RTBH and FlowSpec routes to, timers and next hops. Defaults live here and nowhere else.
 */
import Type, { type Static } from 'typebox';
import { ListenAddress } from '../core/listen.js';

const IPV4 = '^(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}$';
const ASN = { minimum: 1, maximum: 4294967295 };

/** Address families a peer can be configured for. */
export const BgpFamilySchema = Type.Union([Type.Literal('ipv4-unicast'), Type.Literal('ipv6-unicast'), Type.Literal('ipv4-flowspec'), Type.Literal('ipv6-flowspec')]);

/** Next hops put on unicast routes that carry none of their own. */
export const NextHopsSchema = Type.Object(
  {
    ipv4: Type.String({ default: '192.0.2.1', description: 'IPv4 next hop for RTBH routes; routers map it to a discard route (not 127.0.0.1: GoBGP takes that as a withdraw)' }),
    ipv6: Type.String({ default: '100::1', description: 'IPv6 next hop for RTBH routes (RFC 6666 discard prefix)' }),
  },
  { additionalProperties: false },
);

/** One BGP neighbour. */
export const BgpPeerSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'unique name in status, logs and metrics; default address:port' })),
    address: Type.String({ minLength: 2, description: 'neighbour IPv4 or IPv6 address' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 179 }),
    peerAs: Type.Integer(ASN),
    localAddress: Type.Optional(Type.String({ description: 'source address of our connection' })),
    families: Type.Array(BgpFamilySchema, { minItems: 1, uniqueItems: true, default: ['ipv4-unicast', 'ipv6-unicast', 'ipv4-flowspec', 'ipv6-flowspec'] }),
    holdTimeSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 65535, description: 'overrides the global hold time (0, or 3 and above)' })),
    passive: Type.Boolean({ default: false, description: 'wait for the neighbour to connect to one of the listen addresses instead of connecting' }),
    nextHops: Type.Optional(Type.Partial(NextHopsSchema)),
  },
  { additionalProperties: false },
);

/** BGP speaker configuration (the `bgp` section). */
export const BgpConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: false }),
    localAs: Type.Integer({ ...ASN, default: 64512 }),
    routerId: Type.Optional(Type.String({ pattern: IPV4, description: 'BGP identifier (an IPv4 address); required when peers are configured' })),
    holdTimeSeconds: Type.Integer({ minimum: 0, maximum: 65535, default: 90, description: 'proposed hold time (0, or 3 and above); keepalives every third of it' }),
    connectTimeoutMs: Type.Integer({ minimum: 100, maximum: 120000, default: 5000 }),
    reconnect: Type.Object(
      {
        minMs: Type.Integer({ minimum: 10, default: 1000, description: 'first reconnect delay' }),
        maxMs: Type.Integer({ minimum: 10, default: 30000, description: 'ceiling of the exponential backoff (jitter takes up to half off)' }),
      },
      { default: {}, additionalProperties: false },
    ),
    gracefulRestart: Type.Object(
      {
        enabled: Type.Boolean({ default: false, description: 'advertise graceful restart (RFC 4724) so routers keep our routes while we restart' }),
        restartTimeSeconds: Type.Integer({ minimum: 1, maximum: 4095, default: 120 }),
      },
      { default: {}, additionalProperties: false },
    ),
    listen: Type.Array(ListenAddress, { default: [], description: 'where passive peers connect to us' }),
    nextHops: Type.Object(NextHopsSchema.properties, { default: {}, additionalProperties: false }),
    stopTimeoutMs: Type.Integer({ minimum: 0, maximum: 60000, default: 3000, description: 'longest wait for withdrawals to be sent on stop' }),
    peers: Type.Array(BgpPeerSchema, { default: [] }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `bgp` configuration. */
export type BgpConfig = Static<typeof BgpConfigSchema>;
/** One configured peer. */
export type BgpPeerConfig = Static<typeof BgpPeerSchema>;
