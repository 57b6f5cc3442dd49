/**
 * Configuration of lawful countermeasures (the `operations` section): the approval policy, the
 * emergency path, the proportionality guards, and where the file and notice executors write.
 * Defaults live here and nowhere else.
 */
import Type, { type Static } from 'typebox';

const PerFamily = (ipv4: number, ipv6: number, what: string) =>
  Type.Object(
    {
      ipv4: Type.Integer({ minimum: 0, maximum: 32, default: ipv4, description: `shortest IPv4 prefix length for ${what}` }),
      ipv6: Type.Integer({ minimum: 0, maximum: 128, default: ipv6, description: `shortest IPv6 prefix length for ${what}` }),
    },
    { default: {}, additionalProperties: false },
  );

/** Public resolvers no countermeasure may act on (Google, Cloudflare, Quad9, OpenDNS). */
export const PUBLIC_RESOLVERS: readonly string[] = [
  '8.8.8.8',
  '8.8.4.4',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '1.1.1.1',
  '1.0.0.1',
  '2606:4700:4700::1111',
  '2606:4700:4700::1001',
  '9.9.9.9',
  '149.112.112.112',
  '2620:fe::fe',
  '2620:fe::9',
  '208.67.222.222',
  '208.67.220.220',
  '2620:119:35::35',
  '2620:119:53::53',
];

/** The 13 root server identities' addresses (IANA, https://www.iana.org/domains/root/servers), with B's earlier ones. */
export const ROOT_SERVERS: readonly string[] = [
  '198.41.0.4',
  '2001:503:ba3e::2:30', // a
  '170.247.170.2',
  '2801:1b8:10::b',
  '199.9.14.201',
  '2001:500:200::b', // b, current and previous
  '192.33.4.12',
  '2001:500:2::c', // c
  '199.7.91.13',
  '2001:500:2d::d', // d
  '192.203.230.10',
  '2001:500:a8::e', // e
  '192.5.5.241',
  '2001:500:2f::f', // f
  '192.112.36.4',
  '2001:500:12::d0d', // g
  '198.97.190.53',
  '2001:500:1::53', // h
  '192.36.148.17',
  '2001:7fe::53', // i
  '192.58.128.30',
  '2001:503:c27::2:30', // j
  '193.0.14.129',
  '2001:7fd::1', // k
  '199.7.83.42',
  '2001:500:9f::42', // l
  '202.12.27.33',
  '2001:dc3::35', // m
];

const Mechanism = Type.Union([
  Type.Literal('rtbh'),
  Type.Literal('flowspec'),
  Type.Literal('dns_rpz'),
  Type.Literal('blocklist'),
  Type.Literal('abuse_notice'),
  Type.Literal('isp_notice'),
  Type.Literal('access_neutralisation'),
]);

/** One entry of the static table of network owners that abuse notices are addressed to. */
export const NetworkOwnerSchema = Type.Object(
  {
    prefix: Type.String({ description: 'address space the owner is responsible for' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    abuseEmail: Type.String({ pattern: '^[^\\s@<>]+@[^\\s@<>]+$', description: 'abuse contact (the RIR abuse-c)' }),
    asn: Type.Optional(Type.Integer({ minimum: 1, maximum: 4294967295 })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$' })),
  },
  { additionalProperties: false },
);

/** The `operations` section. */
export const OperationsConfigSchema = Type.Object(
  {
    approval: Type.Object(
      {
        quorum: Type.Integer({ minimum: 1, maximum: 5, default: 2, description: 'commission members who must approve the exact action' }),
        rejectionsToReject: Type.Integer({ minimum: 1, maximum: 5, default: 1, description: 'reasoned rejections that end a request (acting needs agreement, refusing does not)' }),
      },
      { default: {}, additionalProperties: false },
    ),
    gates: Type.Object(
      {
        homeCountry: Type.String({ pattern: '^[A-Z]{2}$', default: 'JP', description: 'targets located elsewhere are abroad' }),
        foreignConsultationMechanisms: Type.Array(Mechanism, { default: ['access_neutralisation'], description: 'mechanisms that need a foreign-ministry consultation when the target is abroad' }),
      },
      { default: {}, additionalProperties: false },
    ),
    emergency: Type.Object(
      {
        maxDurationSeconds: Type.Integer({ minimum: 60, maximum: 7200, default: 7200, description: 'time box of an emergency action (at most 2 h)' }),
        reviewDeadlineSeconds: Type.Integer({ minimum: 60, maximum: 604800, default: 86400, description: 'the commission reviews an emergency action within this time' }),
        mechanisms: Type.Array(Mechanism, {
          default: ['rtbh', 'flowspec', 'blocklist', 'access_neutralisation'],
          description:
            'mechanisms allowed on the emergency path; every target must still be derived from the linked active attacks (dns_rpz needs threat intelligence that links domains to the attack)',
        }),
      },
      { default: {}, additionalProperties: false },
    ),
    guards: Type.Object(
      {
        allowlist: Type.Array(Type.String(), { default: [...PUBLIC_RESOLVERS, ...ROOT_SERVERS], description: 'addresses or prefixes no countermeasure may act on' }),
        extraAllowlist: Type.Array(Type.String(), { default: [], description: 'site-specific additions to the allowlist' }),
        allowlistDomains: Type.Array(Type.String(), { default: ['root-servers.net', 'gtld-servers.net', 'arpa', 'iana.org'], description: 'domains (and their subdomains) never put in the RPZ zone' }),
        protectOperatorInfrastructure: Type.Boolean({ default: true, description: "refuse targets inside protected operators' networks (except RTBH of an attacked host)" }),
        flowspecSource: PerFamily(24, 48, 'FlowSpec source prefixes'),
        flowspecDestination: PerFamily(22, 44, 'FlowSpec destination prefixes'),
        blocklist: PerFamily(24, 48, 'block-list entries'),
        maxTargetsPerRequest: Type.Integer({ minimum: 1, maximum: 100000, default: 10000 }),
        maxConcurrentRules: Type.Object(
          {
            rtbh: Type.Integer({ minimum: 0, default: 256 }),
            flowspec: Type.Integer({ minimum: 0, default: 20000 }),
            dns_rpz: Type.Integer({ minimum: 0, default: 10000 }),
            blocklist: Type.Integer({ minimum: 0, default: 100000 }),
          },
          { default: {}, additionalProperties: false },
        ),
        minDurationSeconds: Type.Integer({ minimum: 1, default: 60 }),
        maxDurationSeconds: Type.Object(
          {
            rtbh: Type.Integer({ minimum: 60, default: 21600 }),
            flowspec: Type.Integer({ minimum: 60, default: 86400 }),
            dns_rpz: Type.Integer({ minimum: 60, default: 2592000 }),
            blocklist: Type.Integer({ minimum: 60, default: 604800 }),
            access_neutralisation: Type.Integer({ minimum: 60, default: 604800, description: 'how long an authorisation stays valid' }),
          },
          { default: {}, additionalProperties: false },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    execution: Type.Object(
      {
        checkIntervalMs: Type.Integer({ minimum: 10, maximum: 60000, default: 1000, description: 'fallback period of the expiry and review-deadline check' }),
        retryAttempts: Type.Integer({ minimum: 1, maximum: 20, default: 3 }),
        retryDelayMs: Type.Integer({ minimum: 0, maximum: 600000, default: 2000 }),
      },
      { default: {}, additionalProperties: false },
    ),
    flowspec: Type.Object(
      {
        peers: Type.Optional(Type.Array(Type.String(), { description: 'BGP peers (by name) that receive FlowSpec; default every peer of the family' })),
      },
      { default: {}, additionalProperties: false },
    ),
    rtbh: Type.Object(
      {
        peers: Type.Optional(Type.Array(Type.String(), { description: 'BGP peers (by name) that receive RTBH; default every peer of the family' })),
      },
      { default: {}, additionalProperties: false },
    ),
    rpz: Type.Object(
      {
        file: Type.String({ default: 'rpz/sakimori.rpz', description: 'zone file, relative to dataDir' }),
        zone: Type.String({ default: 'rpz.sakimori', pattern: '^[a-z0-9-]+(\\.[a-z0-9-]+)*$', description: 'origin of the RPZ zone' }),
        ttl: Type.Integer({ minimum: 1, maximum: 86400, default: 300 }),
        sinkholeIpv4: Type.String({ default: '192.0.2.53', description: 'answer of the sinkhole policy (A)' }),
        sinkholeIpv6: Type.String({ default: '2001:db8::53', description: 'answer of the sinkhole policy (AAAA)' }),
      },
      { default: {}, additionalProperties: false },
    ),
    blocklist: Type.Object(
      {
        plainFile: Type.String({ default: 'blocklist/blocklist.txt', description: 'one prefix per line, relative to dataDir' }),
        nftFile: Type.String({ default: 'blocklist/blocklist.nft', description: 'nftables set file (`nft -f`), relative to dataDir' }),
        nftFamily: Type.Union([Type.Literal('inet'), Type.Literal('ip'), Type.Literal('ip6'), Type.Literal('bridge'), Type.Literal('netdev')], { default: 'inet' }),
        nftTable: Type.String({ default: 'sakimori', pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$' }),
        nftSet: Type.String({ default: 'blocklist', pattern: '^[A-Za-z][A-Za-z0-9_]{0,27}$', description: 'sets are <name>_v4 and <name>_v6' }),
      },
      { default: {}, additionalProperties: false },
    ),
    notices: Type.Object(
      {
        outboxDir: Type.String({ default: 'outbox', description: 'where notices are written as .eml files, relative to dataDir' }),
        from: Type.String({ default: 'abuse-desk@sakimori.invalid', pattern: '^[^\\s@<>]+@[^\\s@<>]+$' }),
        reporter: Type.String({ default: 'Sakimori national cyber security office', maxLength: 200 }),
        smtp: Type.Optional(
          Type.Object(
            {
              host: Type.String({ description: 'loopback relay only (127.0.0.0/8 or ::1): the platform hands mail to a local MTA' }),
              port: Type.Integer({ minimum: 1, maximum: 65535, default: 25 }),
              heloName: Type.String({ default: 'sakimori.localhost' }),
              timeoutMs: Type.Integer({ minimum: 100, maximum: 120000, default: 10000 }),
            },
            { additionalProperties: false },
          ),
        ),
        owners: Type.Array(NetworkOwnerSchema, { default: [], description: 'abuse contacts by address block (a static whois table)' }),
      },
      { default: {}, additionalProperties: false },
    ),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `operations` section. */
export type OperationsConfig = Static<typeof OperationsConfigSchema>;
/** One network owner. */
export type NetworkOwner = Static<typeof NetworkOwnerSchema>;
