/**
 * MISP galaxy clusters to STIX Domain Objects, by galaxy type, as MISP's converter maps them: the id
 * is `<sdo type>--<cluster uuid>`.
 */
import type { MispGalaxy, MispGalaxyCluster } from './misp-event.js';
import type { StixRecord } from './stix-common.js';

const SDO_OF_GALAXY: Readonly<Record<string, string>> = Object.freeze({
  'threat-actor': 'threat-actor',
  'microsoft-activity-group': 'intrusion-set',
  'mitre-intrusion-set': 'intrusion-set',
  'mitre-enterprise-attack-intrusion-set': 'intrusion-set',
  'mitre-malware': 'malware',
  'mitre-enterprise-attack-malware': 'malware',
  malpedia: 'malware',
  banker: 'malware',
  botnet: 'malware',
  ransomware: 'malware',
  rat: 'malware',
  android: 'malware',
  tool: 'tool',
  'mitre-tool': 'tool',
  'mitre-enterprise-attack-tool': 'tool',
  'mitre-attack-pattern': 'attack-pattern',
  'mitre-enterprise-attack-attack-pattern': 'attack-pattern',
  'mitre-course-of-action': 'course-of-action',
  'mitre-enterprise-attack-course-of-action': 'course-of-action',
  'branded-vulnerability': 'vulnerability',
});

/** The STIX type a galaxy's clusters become, or `undefined` when MISP's converter has none. */
export function sdoTypeOfGalaxy(galaxyType: string): string | undefined {
  return Object.hasOwn(SDO_OF_GALAXY, galaxyType) ? SDO_OF_GALAXY[galaxyType] : undefined;
}

function clusterSdo(sdoType: string, galaxy: MispGalaxy, c: MispGalaxyCluster, created: string): StixRecord {
  const o: StixRecord = {
    type: sdoType,
    spec_version: '2.1',
    id: `${sdoType}--${c.uuid}`,
    created,
    modified: created,
    name: c.value,
    labels: [`misp:galaxy-name="${galaxy.name}"`, `misp:galaxy-type="${galaxy.type}"`],
  };
  if (c.description !== '') o.description = c.description;
  if (sdoType === 'malware') o.is_family = true;
  if (c.synonyms.length > 0 && ['intrusion-set', 'threat-actor', 'malware', 'tool'].includes(sdoType)) o[sdoType === 'tool' ? 'x_misp_synonyms' : 'aliases'] = [...c.synonyms];
  const refs: Record<string, string>[] = [];
  if (c.externalId !== undefined) refs.push({ source_name: c.externalId.startsWith('CAPEC') ? 'capec' : 'mitre-attack', external_id: c.externalId });
  for (const url of c.refs) refs.push({ source_name: 'url', url });
  if (refs.length > 0) o.external_references = refs;
  return o;
}

/**
 * The SDOs of a galaxy's clusters (clusters without a uuid or of an unmapped galaxy type are left out).
 *
 * @example
 * ```ts
 * galaxySdos({ type: 'mitre-intrusion-set', name: 'Intrusion Set', uuid: '', clusters: [mirrorFace] }, '2024-07-09T00:00:00.000Z');
 * // [{ type: 'intrusion-set', id: 'intrusion-set--…', name: 'MirrorFace - G1054', … }]
 * ```
 */
export function galaxySdos(galaxy: MispGalaxy, created: string): StixRecord[] {
  const sdoType = sdoTypeOfGalaxy(galaxy.type);
  if (sdoType === undefined) return [];
  return galaxy.clusters.filter((c) => c.uuid !== '').map((c) => clusterSdo(sdoType, galaxy, c, created));
}
