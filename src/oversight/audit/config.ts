import Type, { type Static } from 'typebox';

/** Audit log configuration (the `audit` section). */
export const AuditConfigSchema = Type.Object(
  {
    origin: Type.String({
      default: 'sakimori.invalid/audit',
      pattern: '^[^\\s+]+$',
      description: 'checkpoint origin line and signing key name; a schema-less URL unique to this log (c2sp.org/tlog-checkpoint)',
    }),
    checkpointIntervalSeconds: Type.Integer({ minimum: 0, default: 60, description: 'sign a checkpoint this often when the log grew; 0 disables the timer' }),
    checkpointEveryEntries: Type.Integer({ minimum: 0, default: 10_000, description: 'also sign one after this many new entries; 0 disables' }),
    signingKeyFile: Type.String({ default: '', description: 'Ed25519 signing key (note text form); empty means <dataDir>/audit-signing.key' }),
    personalDataKeyFile: Type.String({ default: '', description: 'HMAC key for personal data in entries; empty means <dataDir>/audit-personal.key' }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `audit` section. */
export type AuditConfig = Static<typeof AuditConfigSchema>;
