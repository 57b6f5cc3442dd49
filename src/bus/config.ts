/**
 * The `bus` section: which bus the platform's parts share. The in-process bus is the embedded
 * default; `nats` puts every subject on NATS JetStream so several processes or sites share it.
 */
import Type, { type Static } from 'typebox';

/** Bus configuration. Defaults live here only. */
export const BusConfigSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('memory'), Type.Literal('nats')], { default: 'memory', description: 'memory: in-process (one process); nats: NATS JetStream at bus.url' }),
    url: Type.String({ default: 'nats://127.0.0.1:4222', minLength: 1, description: 'NATS server for kind nats' }),
    stream: Type.String({ default: 'SAKIMORI', pattern: '^[A-Za-z0-9_-]+$', description: 'JetStream stream holding every subject (kind nats)' }),
    prefix: Type.String({ default: 'sakimori', pattern: '^[A-Za-z0-9_-]+$', description: 'subject prefix on NATS (attack.started travels as sakimori.attack.started by default)' }),
    site: Type.String({ default: 'local', minLength: 1, description: 'this site, stamped on every message as its origin' }),
    marking: Type.Union([Type.Literal('TLP:CLEAR'), Type.Literal('TLP:GREEN'), Type.Literal('TLP:AMBER'), Type.Literal('TLP:AMBER+STRICT'), Type.Literal('TLP:RED')], {
      default: 'TLP:AMBER',
      description: 'Traffic Light Protocol marking of messages published without one (they carry addresses, hence AMBER)',
    }),
  },
  { default: {}, additionalProperties: false },
);

/** The `bus` section. */
export type BusConfig = Static<typeof BusConfigSchema>;
