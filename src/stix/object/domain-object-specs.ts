/**
 * Property tables of the STIX 2.1 Domain Objects (§4), Relationship Objects (§5) and meta objects
 * (§7): which properties each type defines, of what type, and which are required. The common
 * properties (§3.2) are added by category in {@link objectSpecFor}.
 */
import { enumOf, int, list, num, type ObjectSpec, ov, type PropertyType, ref, spec, struct, table } from './property-type.js';

const KILL_CHAIN: PropertyType = list(struct('kill-chain-phase'));
const STRINGS: PropertyType = list('string');
const ANY_REFS: PropertyType = list('identifier');

/** Common properties of every SDO and SRO (§3.2). */
export const SDO_COMMON: Readonly<Record<string, PropertyType>> = table({
  type: 'string',
  spec_version: 'string',
  id: 'identifier',
  created_by_ref: 'identifier',
  created: 'timestamp',
  modified: 'timestamp',
  revoked: 'boolean',
  labels: STRINGS,
  confidence: int(0, 100),
  lang: 'string',
  external_references: list(struct('external-reference')),
  object_marking_refs: list(ref('marking-definition')),
  granular_markings: list(struct('granular-marking')),
  extensions: 'dictionary',
});

/** Required common properties of SDOs and SROs. */
export const SDO_REQUIRED = ['type', 'spec_version', 'id', 'created', 'modified'] as const;

/** Type-specific properties of each SDO. */
export const SDO_SPECS: Readonly<Record<string, ObjectSpec>> = table({
  'attack-pattern': spec({ name: 'string', description: 'string', aliases: STRINGS, kill_chain_phases: KILL_CHAIN }, ['name']),
  campaign: spec({ name: 'string', description: 'string', aliases: STRINGS, first_seen: 'timestamp', last_seen: 'timestamp', objective: 'string' }, ['name']),
  'course-of-action': spec({ name: 'string', description: 'string' }, ['name']),
  grouping: spec({ name: 'string', description: 'string', context: ov('grouping-context'), object_refs: ANY_REFS }, ['context', 'object_refs']),
  identity: spec({ name: 'string', description: 'string', roles: STRINGS, identity_class: ov('identity-class'), sectors: list(ov('industry-sector')), contact_information: 'string' }, ['name']),
  incident: spec({ name: 'string', description: 'string', kill_chain_phases: KILL_CHAIN }, ['name']),
  indicator: spec(
    {
      name: 'string',
      description: 'string',
      indicator_types: list(ov('indicator-type')),
      pattern: 'string',
      pattern_type: ov('pattern-type'),
      pattern_version: 'string',
      valid_from: 'timestamp',
      valid_until: 'timestamp',
      kill_chain_phases: KILL_CHAIN,
    },
    ['pattern', 'pattern_type', 'valid_from'],
  ),
  infrastructure: spec(
    {
      name: 'string',
      description: 'string',
      infrastructure_types: list(ov('infrastructure-type')),
      aliases: STRINGS,
      kill_chain_phases: KILL_CHAIN,
      first_seen: 'timestamp',
      last_seen: 'timestamp',
    },
    ['name'],
  ),
  'intrusion-set': spec(
    {
      name: 'string',
      description: 'string',
      aliases: STRINGS,
      first_seen: 'timestamp',
      last_seen: 'timestamp',
      goals: STRINGS,
      resource_level: ov('attack-resource-level'),
      primary_motivation: ov('attack-motivation'),
      secondary_motivations: list(ov('attack-motivation')),
    },
    ['name'],
  ),
  location: spec({
    name: 'string',
    description: 'string',
    latitude: num(-90, 90),
    longitude: num(-180, 180),
    precision: num(0, Number.MAX_VALUE),
    region: ov('region'),
    country: 'string',
    administrative_area: 'string',
    city: 'string',
    street_address: 'string',
    postal_code: 'string',
  }),
  malware: spec(
    {
      name: 'string',
      description: 'string',
      malware_types: list(ov('malware-type')),
      is_family: 'boolean',
      aliases: STRINGS,
      kill_chain_phases: KILL_CHAIN,
      first_seen: 'timestamp',
      last_seen: 'timestamp',
      operating_system_refs: list(ref('software')),
      architecture_execution_envs: list(ov('processor-architecture')),
      implementation_languages: list(ov('implementation-language')),
      capabilities: list(ov('malware-capabilities')),
      sample_refs: list(ref('file', 'artifact')),
    },
    ['is_family'],
  ),
  'malware-analysis': spec(
    {
      product: 'string',
      version: 'string',
      host_vm_ref: ref('software'),
      operating_system_ref: ref('software'),
      installed_software_refs: list(ref('software')),
      configuration_version: 'string',
      modules: STRINGS,
      analysis_engine_version: 'string',
      analysis_definition_version: 'string',
      submitted: 'timestamp',
      analysis_started: 'timestamp',
      analysis_ended: 'timestamp',
      result_name: 'string',
      result: ov('malware-result'),
      analysis_sco_refs: list(ref('sco')),
      sample_ref: ref('file', 'network-traffic', 'artifact'),
    },
    ['product'],
  ),
  note: spec({ abstract: 'string', content: 'string', authors: STRINGS, object_refs: ANY_REFS }, ['content', 'object_refs']),
  'observed-data': spec({ first_observed: 'timestamp', last_observed: 'timestamp', number_observed: int(1, 999_999_999), objects: 'dictionary', object_refs: list(ref('sco', 'relationship')) }, [
    'first_observed',
    'last_observed',
    'number_observed',
  ]),
  opinion: spec({ explanation: 'string', authors: STRINGS, opinion: enumOf('opinion'), object_refs: ANY_REFS }, ['opinion', 'object_refs']),
  report: spec({ name: 'string', description: 'string', report_types: list(ov('report-type')), published: 'timestamp', object_refs: ANY_REFS }, ['name', 'published', 'object_refs']),
  'threat-actor': spec(
    {
      name: 'string',
      description: 'string',
      threat_actor_types: list(ov('threat-actor-type')),
      aliases: STRINGS,
      first_seen: 'timestamp',
      last_seen: 'timestamp',
      roles: list(ov('threat-actor-role')),
      goals: STRINGS,
      sophistication: ov('threat-actor-sophistication'),
      resource_level: ov('attack-resource-level'),
      primary_motivation: ov('attack-motivation'),
      secondary_motivations: list(ov('attack-motivation')),
      personal_motivations: list(ov('attack-motivation')),
    },
    ['name'],
  ),
  tool: spec({ name: 'string', description: 'string', tool_types: list(ov('tool-type')), aliases: STRINGS, kill_chain_phases: KILL_CHAIN, tool_version: 'string' }, ['name']),
  vulnerability: spec({ name: 'string', description: 'string' }, ['name']),
});

/** Type-specific properties of the two SROs. */
export const SRO_SPECS: Readonly<Record<string, ObjectSpec>> = table({
  relationship: spec({ relationship_type: 'string', description: 'string', source_ref: 'identifier', target_ref: 'identifier', start_time: 'timestamp', stop_time: 'timestamp' }, [
    'relationship_type',
    'source_ref',
    'target_ref',
  ]),
  sighting: spec(
    {
      description: 'string',
      first_seen: 'timestamp',
      last_seen: 'timestamp',
      count: int(0, 999_999_999),
      sighting_of_ref: ref('sdo'),
      observed_data_refs: list(ref('observed-data')),
      where_sighted_refs: list(ref('identity', 'location')),
      summary: 'boolean',
    },
    ['sighting_of_ref'],
  ),
});

/** Meta objects (§7), complete with their common properties (they differ from the SDO set). */
export const META_SPECS: Readonly<Record<string, ObjectSpec>> = table({
  'language-content': spec({ ...SDO_COMMON, object_ref: 'identifier', object_modified: 'timestamp', contents: 'dictionary' }, [...SDO_REQUIRED, 'object_ref', 'contents']),
  'marking-definition': spec(
    {
      type: 'string',
      spec_version: 'string',
      id: 'identifier',
      created_by_ref: ref('identity'),
      created: 'timestamp',
      external_references: list(struct('external-reference')),
      object_marking_refs: list(ref('marking-definition')),
      granular_markings: list(struct('granular-marking')),
      name: 'string',
      definition_type: 'string',
      definition: 'dictionary',
      extensions: 'dictionary',
    },
    ['type', 'spec_version', 'id', 'created'],
  ),
  'extension-definition': spec(
    {
      type: 'string',
      spec_version: 'string',
      id: 'identifier',
      created_by_ref: ref('identity'),
      created: 'timestamp',
      modified: 'timestamp',
      revoked: 'boolean',
      labels: STRINGS,
      external_references: list(struct('external-reference')),
      object_marking_refs: list(ref('marking-definition')),
      granular_markings: list(struct('granular-marking')),
      name: 'string',
      description: 'string',
      schema: 'string',
      version: 'string',
      extension_types: list(enumOf('extension-type')),
      extension_properties: STRINGS,
    },
    [...SDO_REQUIRED, 'created_by_ref', 'name', 'schema', 'version', 'extension_types'],
  ),
});
