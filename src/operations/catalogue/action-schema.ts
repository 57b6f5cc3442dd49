/**
 * Schemas of the untrusted action input, one per mechanism (a discriminated union on
 * `mechanism`). They check shape and bounds; `action.ts` then parses addresses and domains and
 * writes the canonical action that approvals are bound to.
 */
import Type, { type Static } from 'typebox';

const Port = Type.Integer({ minimum: 0, maximum: 65535 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

/** RTBH of the attacked host. */
export const RtbhInputSchema = Type.Object({ mechanism: Type.Literal('rtbh'), victim: Type.String() }, { additionalProperties: false });

/** FlowSpec: what to match. */
export const FlowSpecMatchSchema = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('traffic'),
      destination: Type.String({ description: 'the attacked host or prefix' }),
      protocol: Type.Integer({ minimum: 0, maximum: 255 }),
      sourcePorts: Type.Optional(Type.Array(Port, { maxItems: 32 })),
      destinationPorts: Type.Optional(Type.Array(Port, { maxItems: 32 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('sources'),
      sources: Type.Array(Type.String(), { minItems: 1, maxItems: 100000, description: 'attack sources, usually from the attacker list' }),
      // null as well as absent: a stored action (which says null) can be sent back as it is.
      destination: Type.Optional(Type.Union([Type.String({ description: 'limit the rules to traffic towards the attacked host or prefix' }), Type.Null()])),
      protocol: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 255 }), Type.Null()])),
    },
    { additionalProperties: false },
  ),
]);

/** FlowSpec: what to do with matching traffic. */
export const FlowSpecTreatmentSchema = Type.Union([
  Type.Object({ kind: Type.Literal('discard') }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('rate_limit'), bytesPerSecond: Type.Integer({ minimum: 1, maximum: 1e12 }) }, { additionalProperties: false }),
]);

/** FlowSpec discard or rate limit. */
export const FlowSpecInputSchema = Type.Object({ mechanism: Type.Literal('flowspec'), match: FlowSpecMatchSchema, treatment: FlowSpecTreatmentSchema }, { additionalProperties: false });

/** What the RPZ answers for a listed name (RFC-draft "DNS Response Policy Zones" §4 policy actions). */
export const RpzPolicySchema = Type.Union([Type.Literal('nxdomain'), Type.Literal('nodata'), Type.Literal('sinkhole')]);

/** DNS RPZ sinkhole of C2 domains. */
export const RpzInputSchema = Type.Object(
  {
    mechanism: Type.Literal('dns_rpz'),
    domains: Type.Array(Type.String(), { minItems: 1, maxItems: 10000 }),
    policy: Type.Optional(RpzPolicySchema),
    includeSubdomains: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** Block-list export. */
export const BlocklistInputSchema = Type.Object({ mechanism: Type.Literal('blocklist'), prefixes: Type.Array(Type.String(), { minItems: 1, maxItems: 100000 }) }, { additionalProperties: false });

/** Abuse notice to the network owners of attack sources. */
export const AbuseNoticeInputSchema = Type.Object(
  { mechanism: Type.Literal('abuse_notice'), attackId: Text(128), sources: Type.Array(Type.String(), { minItems: 1, maxItems: 10000 }) },
  { additionalProperties: false },
);

/** One infected customer host for an ISP notice. */
export const InfectedHostSchema = Type.Object({ address: Type.String(), evidence: Text(500), detectedAt: Type.Integer({ minimum: 0 }) }, { additionalProperties: false });

/** Notice to an ISP of its infected customers. */
export const IspNoticeInputSchema = Type.Object(
  { mechanism: Type.Literal('isp_notice'), organizationId: Text(64), hosts: Type.Array(InfectedHostSchema, { minItems: 1, maxItems: 10000 }) },
  { additionalProperties: false },
);

/** Authorisation of access and neutralisation, executed outside the platform. */
export const AccessNeutralisationInputSchema = Type.Object(
  {
    mechanism: Type.Literal('access_neutralisation'),
    officer: Type.String({ minLength: 1, maxLength: 128, description: 'designation of the officer who will act' }),
    target: Type.Object(
      {
        description: Text(1000),
        address: Type.Optional(Type.Union([Type.String(), Type.Null()])),
        domain: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      },
      { additionalProperties: false },
    ),
    foreignLocation: Type.Boolean({ description: 'the target computer is located abroad' }),
    measure: Text(2000),
  },
  { additionalProperties: false },
);

/** Any action input. */
export const ActionInputSchema = Type.Union([
  RtbhInputSchema,
  FlowSpecInputSchema,
  RpzInputSchema,
  BlocklistInputSchema,
  AbuseNoticeInputSchema,
  IspNoticeInputSchema,
  AccessNeutralisationInputSchema,
]);

/** An action as a client sends it. */
export type ActionInput = Static<typeof ActionInputSchema>;
/** The schema of each mechanism's input, for error messages that name the right branch. */
export const ACTION_INPUT_SCHEMAS = {
  rtbh: RtbhInputSchema,
  flowspec: FlowSpecInputSchema,
  dns_rpz: RpzInputSchema,
  blocklist: BlocklistInputSchema,
  abuse_notice: AbuseNoticeInputSchema,
  isp_notice: IspNoticeInputSchema,
  access_neutralisation: AccessNeutralisationInputSchema,
} as const;
