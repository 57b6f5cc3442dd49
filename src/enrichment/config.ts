import Type, { type Static } from 'typebox';

/** Offline enrichment data files (the `enrichment` section). Defaults live here only. */
export const EnrichmentConfigSchema = Type.Object(
  {
    rirDelegated: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'RIR delegated statistics files (delegated-<registry>-…, plain or .gz) giving the country of addresses',
    }),
    ip2asn: Type.Array(Type.String({ minLength: 1 }), {
      default: [],
      description: 'ip2asn-style TSV files (range_start, range_end, AS number, country, AS name; IPv4 and/or IPv6; plain or .gz)',
    }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `enrichment` section. */
export type EnrichmentConfig = Static<typeof EnrichmentConfigSchema>;
