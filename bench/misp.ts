/**
 * MISP import benchmark: a feed of 1 000 000 attributes (100 events of 10 000; domains, IP
 * destinations, URLs, file hashes and names, half of them `to_ids`) generated in memory as PyMISP
 * writes it, then read with its manifest and hash checks and converted to STIX 2.1 (patterns checked
 * by the pattern parser). Prints attributes per second for reading, converting and both.
 *
 * Usage: npx tsx bench/misp.ts [-- --attributes 1000000]
 */
import { hash } from 'node:crypto';
import { type MispHashing, mispEventsToStix, readMispFeed } from '../src/stix/misp/index.js';

const arg = process.argv.indexOf('--attributes');
const ATTRIBUTES = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const PER_EVENT = 10_000;

const hashing: MispHashing = {
  // One-shot hashing (node:crypto `hash`) avoids a Hash object per attribute.
  md5: (text) => hash('md5', text, 'hex'),
  sha1: (bytes) => hash('sha1', bytes, 'buffer'),
};

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

/** The feed files: manifest.json, hashes.csv and one event file per 10 000 attributes. */
function generateFeed(total: number): Map<string, string> {
  const files = new Map<string, string>();
  const manifest: Record<string, unknown> = {};
  const hashes: string[] = [];
  for (let e = 0, n = 0; n < total; e++) {
    const eventUuid = uuid(1, e);
    const attributes: unknown[] = [];
    for (let k = 0; k < PER_EVENT && n < total; k++, n++) {
      const [type, category, make] = TYPES[n % TYPES.length] as (typeof TYPES)[number];
      const value = make(n);
      attributes.push({ category, comment: '', deleted: false, disable_correlation: false, timestamp: '1700000000', to_ids: n % 2 === 0, type, uuid: uuid(2, n), value });
      hashes.push(`${hashing.md5(value)},${eventUuid}`);
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
    files.set(`${eventUuid}.json`, JSON.stringify({ Event: event }));
    manifest[eventUuid] = { Orgc: orgc, Tag: tags, info: event.info, date: event.date, analysis: 2, threat_level_id: 2, timestamp: 1700000000 };
  }
  files.set('manifest.json', JSON.stringify(manifest));
  files.set('hashes.csv', `${hashes.join('\n')}\n`);
  return files;
}

const files = generateFeed(ATTRIBUTES);
const c0 = process.cpuUsage();
const t0 = performance.now();
const feed = readMispFeed(files, { hashing });
const t1 = performance.now();
let objects = 0;
for (const event of feed.events) objects += mispEventsToStix([event], { hashing }).objects.length;
const t2 = performance.now();
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rate = (ms: number) => Math.round(ATTRIBUTES / (ms / 1000)).toLocaleString('en');
console.log(`MISP feed of ${ATTRIBUTES.toLocaleString('en')} attributes in ${feed.events.length} events -> ${objects.toLocaleString('en')} STIX objects`);
console.log(`read (parse + manifest + md5 hash check): ${((t1 - t0) / 1000).toFixed(2)} s, ${rate(t1 - t0)} attributes/s`);
console.log(`convert to STIX 2.1 (patterns parsed):   ${((t2 - t1) / 1000).toFixed(2)} s, ${rate(t2 - t1)} attributes/s`);
console.log(`total:                                    ${((t2 - t0) / 1000).toFixed(2)} s, ${rate(t2 - t0)} attributes/s`);
// On a shared machine wall time depends on the other load; CPU time (all threads, GC included) does less.
console.log(`CPU time (user + system, all threads):    ${cpuSeconds.toFixed(2)} s, ${Math.round(ATTRIBUTES / cpuSeconds).toLocaleString('en')} attributes per CPU-second`);
