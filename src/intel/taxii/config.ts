import Type, { type Static } from 'typebox';

/** The platform's TAXII 2.1 server (the `taxii` section), served at `/taxii2/` on the API listener. Defaults live here only. */
export const TaxiiServerConfigSchema = Type.Object(
  {
    enabled: Type.Boolean({ default: true, description: 'serve the STIX object store over TAXII 2.1 at /taxii2/ on the API listener (API tokens only, never the console session)' }),
    title: Type.String({ minLength: 1, maxLength: 200, default: 'Sakimori TAXII', description: 'title of the discovery resource' }),
    publicUrl: Type.String({
      default: '',
      pattern: '^(https?://[^\\s]+/)?$',
      description: 'URL clients reach /taxii2/ at, ending in / (empty: http://<api.listen>/taxii2/); discovery lists API roots under it',
    }),
    root: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', default: 'sakimori', description: 'name of the one API root, serving every collection of the store' }),
    defaultMarking: Type.Union([Type.Literal('clear'), Type.Literal('green'), Type.Literal('amber'), Type.Literal('amber+strict'), Type.Literal('red')], {
      default: 'amber',
      description: 'TLP given to objects POSTed without a TLP marking',
    }),
    maxPageSize: Type.Integer({ minimum: 1, maximum: 10000, default: 1000, description: 'largest page a client gets, whatever limit it asks' }),
    office: Type.String({
      pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$',
      default: 'office',
      description: 'organisation id the office running the platform has in release decisions: producer of its own intel, always in a collection’s TLP:AMBER audience',
    }),
    administratorRoles: Type.Array(Type.String({ minLength: 1 }), {
      default: ['nco_analyst'],
      description: 'roles that read and write every collection without a grant (the administrator role has no operational powers and is not one by default)',
    }),
    officeRoles: Type.Array(Type.String({ minLength: 1 }), {
      default: ['nco_analyst', 'designated_officer', 'defence_operator'],
      description: 'roles whose holders without an organisation receive intel as the office (in every TLP:AMBER audience); others without one, partners say, get what TLP:GREEN allows',
    }),
  },
  { default: {}, additionalProperties: false },
);

/** The validated `taxii` section. */
export type TaxiiServerConfig = Static<typeof TaxiiServerConfigSchema>;
