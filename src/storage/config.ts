import Type, { type Static } from 'typebox';

/** Storage configuration (the `storage` section). */
export const StorageConfigSchema = Type.Object(
  {
    url: Type.String({
      default: '',
      description: 'sqlite:<path> (embedded; relative paths are under dataDir; empty means <dataDir>/sakimori.db) or postgres://user@host:port/db',
    }),
    poolSize: Type.Integer({ minimum: 1, maximum: 200, default: 10, description: 'PostgreSQL connection pool size' }),
    migrateOnStart: Type.Boolean({ default: true, description: 'apply pending migrations when the server starts' }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `storage` section. */
export type StorageConfig = Static<typeof StorageConfigSchema>;
