/**
 * MISP event JSON to typed records. Accepts `{"Event": {...}}` and the bare event, as text or as an
 * already parsed value; refuses malformed input with a coded error naming the JSON path.
 */
import type { MispDistribution } from '../marking/index.js';
import { ERR_MISP_MALFORMED, ERR_MISP_TOO_LARGE } from './errors.js';
import { parseSharingGroup } from './release-context.js';
import { asList, asObject, assertDepth, bool, DEFAULT_MISP_LIMITS, type Json, type MispLimits, optInt, optStr, str, uuid } from './json-reader.js';
import type { MispAttribute, MispEvent, MispGalaxy, MispGalaxyCluster, MispObject, MispObjectReference, MispOrganisation, MispSighting, MispTag } from './misp-event.js';

function distribution(o: Json, path: string): MispDistribution | undefined {
  const d = optInt(o, 'distribution', path);
  if (d === undefined) return undefined;
  if (d > 5) throw new ERR_MISP_MALFORMED(`${path}.distribution`, 'a distribution 0 to 5');
  return d as MispDistribution;
}

function organisation(value: unknown, path: string): MispOrganisation | undefined {
  if (value === undefined || value === null) return undefined;
  const o = asObject(value, path);
  return { uuid: uuid(o, 'uuid', path), name: str(o, 'name', path) };
}

/** The tags of a MISP record (`Tag` list). */
export function parseTags(value: unknown, path: string, limits: MispLimits): MispTag[] {
  return asList(value, path, limits).map((t, i) => {
    const p = `${path}[${i}]`;
    const o = asObject(t, p);
    const colour = optStr(o, 'colour', p);
    const relationshipType = optStr(o, 'relationship_type', p);
    return { name: str(o, 'name', p), local: bool(o, 'local', p), ...(colour === undefined ? {} : { colour }), ...(relationshipType === undefined ? {} : { relationshipType }) };
  });
}

function sighting(value: unknown, p: string): MispSighting {
  const o = asObject(value, p);
  const type = optInt(o, 'type', p) ?? 0;
  if (type > 2) throw new ERR_MISP_MALFORMED(`${p}.type`, 'a sighting type 0, 1 or 2');
  const source = optStr(o, 'source', p);
  const sid = o.uuid === undefined ? undefined : uuid(o, 'uuid', p);
  const org = organisation(o.Organisation, `${p}.Organisation`);
  return {
    type: type as 0 | 1 | 2,
    dateSighting: optInt(o, 'date_sighting', p) ?? 0,
    ...(sid === undefined ? {} : { uuid: sid }),
    ...(source ? { source } : {}),
    ...(org ? { organisation: org } : {}),
  };
}

/** One MISP attribute at `path`. */
export function parseAttribute(value: unknown, path: string, limits: MispLimits = DEFAULT_MISP_LIMITS): MispAttribute {
  const o = asObject(value, path);
  // Built field by field (no spreads): this runs once per attribute of a feed.
  const a: { -readonly [K in keyof MispAttribute]: MispAttribute[K] } = {
    uuid: uuid(o, 'uuid', path),
    type: str(o, 'type', path),
    category: optStr(o, 'category', path) ?? '',
    value: str(o, 'value', path),
    toIds: bool(o, 'to_ids', path),
    comment: optStr(o, 'comment', path) ?? '',
    tags: o.Tag === undefined ? [] : parseTags(o.Tag, `${path}.Tag`, limits),
    sightings: o.Sighting === undefined ? [] : asList(o.Sighting, `${path}.Sighting`, limits).map((s, i) => sighting(s, `${path}.Sighting[${i}]`)),
    proposals: o.ShadowAttribute === undefined ? 0 : asList(o.ShadowAttribute, `${path}.ShadowAttribute`, limits).length,
  };
  const timestamp = optInt(o, 'timestamp', path);
  if (timestamp !== undefined) a.timestamp = timestamp;
  if (o.object_relation != null) a.objectRelation = str(o, 'object_relation', path);
  if (o.distribution != null) a.distribution = distribution(o, path);
  if (o.sharing_group_id != null) a.sharingGroupId = str(o, 'sharing_group_id', path);
  if (o.first_seen != null) a.firstSeen = str(o, 'first_seen', path);
  if (o.last_seen != null) a.lastSeen = str(o, 'last_seen', path);
  if (o.data != null) a.data = str(o, 'data', path);
  if (o.deleted !== undefined) a.deleted = bool(o, 'deleted', path);
  if (o.disable_correlation !== undefined) a.disableCorrelation = bool(o, 'disable_correlation', path);
  return a;
}

function reference(value: unknown, p: string, objectUuid: string): MispObjectReference {
  const o = asObject(value, p);
  const timestamp = optInt(o, 'timestamp', p);
  return {
    uuid: uuid(o, 'uuid', p),
    objectUuid: o.object_uuid === undefined ? objectUuid : uuid(o, 'object_uuid', p),
    referencedUuid: uuid(o, 'referenced_uuid', p),
    relationshipType: str(o, 'relationship_type', p),
    comment: optStr(o, 'comment', p) ?? '',
    ...(timestamp === undefined ? {} : { timestamp }),
  };
}

/** One MISP object at `path` (also `{"Object": {...}}`). */
export function parseObject(value: unknown, path: string, limits: MispLimits = DEFAULT_MISP_LIMITS): MispObject {
  let o = asObject(value, path);
  if (o.Object !== undefined && o.name === undefined) {
    path = `${path}.Object`;
    o = asObject(o.Object, path);
  }
  const objectUuid = uuid(o, 'uuid', path);
  const optional: Record<string, unknown> = {};
  for (const [key, v] of [
    ['templateUuid', optStr(o, 'template_uuid', path)],
    ['templateVersion', optStr(o, 'template_version', path)],
    ['timestamp', optInt(o, 'timestamp', path)],
    ['distribution', distribution(o, path)],
    ['sharingGroupId', optStr(o, 'sharing_group_id', path)],
  ] as const)
    if (v !== undefined) optional[key] = v;
  return {
    uuid: objectUuid,
    name: str(o, 'name', path),
    metaCategory: optStr(o, 'meta-category', path) ?? '',
    description: optStr(o, 'description', path) ?? '',
    comment: optStr(o, 'comment', path) ?? '',
    ...(o.deleted === undefined ? {} : { deleted: bool(o, 'deleted', path) }),
    attributes: asList(o.Attribute, `${path}.Attribute`, limits).map((a, i) => parseAttribute(a, `${path}.Attribute[${i}]`, limits)),
    references: asList(o.ObjectReference, `${path}.ObjectReference`, limits).map((r, i) => reference(r, `${path}.ObjectReference[${i}]`, objectUuid)),
    ...optional,
  } as MispObject;
}

function cluster(value: unknown, p: string, limits: MispLimits): MispGalaxyCluster {
  const o = asObject(value, p);
  const meta = o.meta === undefined || o.meta === null ? {} : asObject(o.meta, `${p}.meta`);
  // MISP writes a meta field as a list of strings or, in galaxy files, sometimes as one string.
  const strings = (v: unknown, q: string) => (typeof v === 'string' ? [v] : asList(v, q, limits).filter((x): x is string => typeof x === 'string'));
  const externalId = strings(meta.external_id, `${p}.meta.external_id`)[0];
  const tagName = optStr(o, 'tag_name', p);
  const id = typeof o.uuid === 'string' && o.uuid !== '' ? uuid(o, 'uuid', p) : '';
  return {
    uuid: id,
    type: optStr(o, 'type', p) ?? '',
    value: str(o, 'value', p),
    description: optStr(o, 'description', p) ?? '',
    synonyms: strings(meta.synonyms, `${p}.meta.synonyms`),
    refs: strings(meta.refs, `${p}.meta.refs`),
    ...(externalId === undefined ? {} : { externalId }),
    ...(tagName === undefined ? {} : { tagName }),
  };
}

/** One galaxy with its clusters at `path`. */
export function parseGalaxy(value: unknown, path: string, limits: MispLimits = DEFAULT_MISP_LIMITS): MispGalaxy {
  const o = asObject(value, path);
  return {
    uuid: typeof o.uuid === 'string' ? o.uuid : '',
    name: optStr(o, 'name', path) ?? '',
    type: optStr(o, 'type', path) ?? '',
    clusters: asList(o.GalaxyCluster, `${path}.GalaxyCluster`, limits).map((c, i) => cluster(c, `${path}.GalaxyCluster[${i}]`, limits)),
  };
}

function rootOf(input: unknown, limits: MispLimits): unknown {
  if (typeof input !== 'string') return input;
  if (input.length > limits.maxTextLength) throw new ERR_MISP_TOO_LARGE('$', `more than ${limits.maxTextLength} characters`);
  try {
    return JSON.parse(input);
  } catch (cause) {
    throw new ERR_MISP_MALFORMED('$', 'JSON text', { cause });
  }
}

/**
 * Parses one MISP event (`{"Event": {...}}` or bare), from JSON text or a parsed value.
 *
 * @example
 * ```ts
 * const event = parseMispEvent('{"Event": {"uuid": "5a3c2fcd-8328-42bb-a95e-4f4402de0b81", "info": "Sednit", "Attribute": []}}');
 * event.attributes.length; // 0
 * parseMispEvent({ Event: { info: 'x' } }); // throws SAKIMORI_ERR_STIX_MISP_MALFORMED at $.Event.uuid
 * ```
 */
export function parseMispEvent(input: unknown, limits: MispLimits = DEFAULT_MISP_LIMITS): MispEvent {
  const root = rootOf(input, limits);
  assertDepth(root, limits.maxDepth);
  let path = '$';
  let o = asObject(root, path);
  if (o.Event !== undefined) {
    path = '$.Event';
    o = asObject(o.Event, path);
  }
  const d = distribution(o, path);
  if (d === 5) throw new ERR_MISP_MALFORMED(`${path}.distribution`, 'an event distribution 0 to 4');
  const optional: Record<string, unknown> = {};
  for (const [key, v] of [
    ['date', optStr(o, 'date', path)],
    ['timestamp', optInt(o, 'timestamp', path)],
    ['publishTimestamp', optInt(o, 'publish_timestamp', path)],
    ['analysis', optInt(o, 'analysis', path)],
    ['threatLevelId', optInt(o, 'threat_level_id', path)],
    ['distribution', d],
    ['sharingGroupId', optStr(o, 'sharing_group_id', path)],
    ['extendsUuid', optStr(o, 'extends_uuid', path)],
    ['org', organisation(o.Org, `${path}.Org`)],
    ['orgc', organisation(o.Orgc, `${path}.Orgc`)],
    ['sharingGroup', o.SharingGroup == null ? undefined : parseSharingGroup(o.SharingGroup, `${path}.SharingGroup`, limits)],
  ] as const)
    if (v !== undefined) optional[key] = v;
  return {
    uuid: uuid(o, 'uuid', path),
    info: str(o, 'info', path),
    published: bool(o, 'published', path),
    protected: bool(o, 'protected', path),
    tags: parseTags(o.Tag, `${path}.Tag`, limits),
    attributes: asList(o.Attribute, `${path}.Attribute`, limits).map((a, i) => parseAttribute(a, `${path}.Attribute[${i}]`, limits)),
    objects: asList(o.Object, `${path}.Object`, limits).map((x, i) => parseObject(x, `${path}.Object[${i}]`, limits)),
    galaxies: asList(o.Galaxy, `${path}.Galaxy`, limits).map((g, i) => parseGalaxy(g, `${path}.Galaxy[${i}]`, limits)),
    ...optional,
  } as MispEvent;
}

/**
 * Parses a MISP galaxy cluster file as MISP/misp-galaxy publishes it (`clusters/<type>.json`:
 * `{type, name, uuid, values: [{value, uuid, description, meta}]}`) into a galaxy.
 *
 * @example
 * ```ts
 * parseGalaxyFile(mitreIntrusionSetJson).clusters[0]?.externalId; // 'G1054'
 * ```
 */
export function parseGalaxyFile(input: unknown, limits: MispLimits = DEFAULT_MISP_LIMITS): MispGalaxy {
  const root = rootOf(input, limits);
  assertDepth(root, limits.maxDepth);
  const o = asObject(root, '$');
  const type = str(o, 'type', '$');
  return {
    uuid: typeof o.uuid === 'string' ? o.uuid : '',
    name: optStr(o, 'name', '$') ?? '',
    type,
    clusters: asList(o.values, '$.values', limits).map((c, i) => ({ ...cluster(c, `$.values[${i}]`, limits), type })),
  };
}
