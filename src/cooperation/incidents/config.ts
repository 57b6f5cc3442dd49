/**
 * Configuration of incident reporting. Defaults live here only.
 */
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

/** Incident reporting (`cooperation.incidents`, should the part expose it). */
export const IncidentsConfigSchema = Type.Object(
  {
    futureSkewMs: Type.Integer({
      minimum: 0,
      maximum: 3_600_000,
      default: 300_000,
      description: 'how far past the server clock an entered instant (awareness…) may lie before it is refused as in the future, in ms (clock skew of the reporter)',
    }),
    reevaluateBatch: Type.Integer({ minimum: 10, maximum: 5000, default: 1000, description: 'incidents read and written per batch by the deadline re-evaluation' }),
    alertDueSoonMs: Type.Integer({
      minimum: 60_000,
      maximum: 7 * 86_400_000,
      default: 86_400_000,
      description: 'how long before a deadline it is announced on the bus as due soon (`incident.deadline`), in ms',
    }),
    reevaluateIntervalMs: Type.Integer({
      minimum: 1000,
      maximum: 3_600_000,
      default: 60_000,
      description: 'how often every open incident’s deadlines are evaluated again (overdue states, lapsed correction orders), in ms',
    }),
    defaultJurisdictions: Type.Array(Type.Union([Type.Literal('JP'), Type.Literal('EU'), Type.Literal('US')]), {
      default: ['JP'],
      description: 'jurisdictions whose reporting regimes bind an organisation not listed in `jurisdictions`',
    }),
    jurisdictions: Type.Record(Type.String(), Type.Array(Type.Union([Type.Literal('JP'), Type.Literal('EU'), Type.Literal('US')])), {
      default: {},
      description: 'per organisation id, the jurisdictions whose regimes bind it (an operator with EU subsidiaries reports under NIS2 or DORA too)',
    }),
  },
  { additionalProperties: false },
);

/** The validated configuration. */
export type IncidentsConfig = Static<typeof IncidentsConfigSchema>;

/** Every default of {@link IncidentsConfigSchema}, frozen. */
export const DEFAULT_INCIDENTS_CONFIG: IncidentsConfig = Object.freeze(Value.Default(IncidentsConfigSchema, {}) as IncidentsConfig);
