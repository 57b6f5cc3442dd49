/**
 * STIX 2.1 objects for tests and the benchmark: valid indicators, malware, relationships,
 * sightings, SCOs and bundles with predictable ids (`<type>--00000000-0000-4000-8000-<n>`).
 */

/** A UUIDv4-shaped id numbered `n`, stable across runs. */
export function stixId(type: string, n: number): string {
  return `${type}--00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

const CREATED = '2024-03-01T09:00:00.000Z';

/** An indicator for IPv4 address `10.x.y.z` numbered `n`, version `modified`. */
export function indicator(n: number, modified = CREATED, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ip = `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: stixId('indicator', n),
    created: CREATED,
    modified,
    name: `C2 ${ip}`,
    description: 'command-and-control server',
    pattern: `[ipv4-addr:value = '${ip}']`,
    pattern_type: 'stix',
    valid_from: CREATED,
    ...extra,
  };
}

/** A malware SDO numbered `n`. */
export function malware(n: number): Record<string, unknown> {
  return { type: 'malware', spec_version: '2.1', id: stixId('malware', n), created: CREATED, modified: CREATED, name: `LODEINFO ${n}`, is_family: true };
}

/** A relationship `source indicates target`, numbered `n`. */
export function relationship(n: number, source: string, target: string): Record<string, unknown> {
  return { type: 'relationship', spec_version: '2.1', id: stixId('relationship', n), created: CREATED, modified: CREATED, relationship_type: 'indicates', source_ref: source, target_ref: target };
}

/** A sighting of `of`, numbered `n`, where sighted by identity `where`. */
export function sighting(n: number, of: string, where: string): Record<string, unknown> {
  return { type: 'sighting', spec_version: '2.1', id: stixId('sighting', n), created: CREATED, modified: CREATED, sighting_of_ref: of, where_sighted_refs: [where], count: 3 };
}

/** An identity numbered `n`. */
export function identity(n: number): Record<string, unknown> {
  return { type: 'identity', spec_version: '2.1', id: stixId('identity', n), created: CREATED, modified: CREATED, name: `CSIRT ${n}`, identity_class: 'organization' };
}

/** A bundle of `objects`, its id numbered `n`. */
export function bundle(n: number, objects: readonly unknown[]): Record<string, unknown> {
  return { type: 'bundle', id: stixId('bundle', n), objects };
}

/** A bundle of `size` indicators from number `first`, each with a malware, a relationship and a sighting every fourth. */
export function threatBundle(n: number, first: number, size: number): Record<string, unknown> {
  const objects: Record<string, unknown>[] = [identity(0)];
  for (let i = first; i < first + size; i++) {
    const ind = indicator(i);
    objects.push(ind);
    if (i % 4 === 0) {
      const mal = malware(i);
      objects.push(mal, relationship(i, String(ind.id), String(mal.id)), sighting(i, String(ind.id), stixId('identity', 0)));
    }
  }
  return bundle(n, objects);
}
