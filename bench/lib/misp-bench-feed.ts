/**
 * The MISP feed the MISP benchmarks read: `total` attributes in events of 10 000 (domains, IP
 * destinations, URLs, file hashes and names, half of them `to_ids`, TLP:GREEN), as PyMISP writes a
 * feed — one file per event, then manifest.json and hashes.csv (MD5 of each value).
 */
import { hash } from 'node:crypto';

/** Attributes per event. */
export const BENCH_FEED_PER_EVENT = 10_000;

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
const uuid = (kind: number, n: number) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;
const TYPES = [
  ['domain', 'Network activity', (i: number) => `host-${i}.example.net`],
  ['ip-dst', 'Network activity', (i: number) => `10.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}`],
  ['url', 'Network activity', (i: number) => `https://bad-${i}.example.org/path?id=${i}`],
  ['md5', 'Payload delivery', (i: number) => hex(i, 32)],
  ['sha256', 'Payload delivery', (i: number) => hex(i, 64)],
  ['filename', 'Payload delivery', (i: number) => `dropper-${i}.exe`],
] as const;

/** The feed's files as `[name, text]`, event files first, so a caller can write them one at a time. */
export function* benchFeedFiles(total: number): Generator<readonly [string, string]> {
  const manifest: Record<string, unknown> = {};
  const hashes: string[] = [];
  for (let e = 0, n = 0; n < total; e++) {
    const eventUuid = uuid(1, e);
    const attributes: unknown[] = [];
    for (let k = 0; k < BENCH_FEED_PER_EVENT && n < total; k++, n++) {
      const [type, category, make] = TYPES[n % TYPES.length] as (typeof TYPES)[number];
      const value = make(n);
      attributes.push({ category, comment: '', deleted: false, disable_correlation: false, timestamp: '1700000000', to_ids: n % 2 === 0, type, uuid: uuid(2, n), value });
      // One-shot hashing (node:crypto `hash`) avoids a Hash object per attribute.
      hashes.push(`${hash('md5', value, 'hex')},${eventUuid}`);
    }
    const orgc = { name: 'Bench CERT', uuid: uuid(3, 0) };
    const tags = [{ colour: '#00d622', local: false, name: 'tlp:green', relationship_type: '' }];
    const event = {
      analysis: '2',
      date: '2023-11-14',
      extends_uuid: '',
      info: `bench event ${e}`,
      protected: false,
      publish_timestamp: '0',
      published: false,
      threat_level_id: '2',
      timestamp: '1700000000',
      uuid: eventUuid,
      Orgc: orgc,
      Tag: tags,
      Attribute: attributes,
    };
    yield [`${eventUuid}.json`, JSON.stringify({ Event: event })];
    manifest[eventUuid] = { Orgc: orgc, Tag: tags, info: event.info, date: event.date, analysis: 2, threat_level_id: 2, timestamp: 1700000000 };
  }
  yield ['manifest.json', JSON.stringify(manifest)];
  yield ['hashes.csv', `${hashes.join('\n')}\n`];
}
