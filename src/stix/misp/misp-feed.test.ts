/**
 * MISP feeds against PyMISP: reading the reference feed (misp/feed-reference) with its hash checks,
 * writing it back identically, and distribution filtering equal to PyMISP's `to_feed` (misp/feed-distribution).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { asId } from '../../core/ids.js';
import type { SakimoriError } from '../../core/errors.js';
import { describeExternal, missingFixtures, sharedFixture } from '../../testing/external.js';
import { mispVerdict, type Recipient } from '../marking/index.js';
import { feedHashes } from './feed-hash.js';
import type { MispHashing } from './hashing.js';
import { parseMispEvent } from './parse-misp-event.js';
import { readMispFeed } from './read-misp-feed.js';
import { writeMispFeed } from './write-misp-feed.js';

const hashing: MispHashing = {
  md5: (text) => createHash('md5').update(text, 'utf8').digest('hex'),
  sha1: (bytes) => new Uint8Array(createHash('sha1').update(bytes).digest()),
};

const thrown = (f: () => unknown): SakimoriError => {
  try {
    f();
  } catch (e) {
    return e as SakimoriError;
  }
  throw new Error('expected a throw');
};

describe('feed hashes', () => {
  it('hash each part of a composite value and a datetime as Python prints it', () => {
    expect(feedHashes({ type: 'domain|ip', value: 'circl.lu|149.13.33.14' }, hashing.md5)).toEqual([hashing.md5('circl.lu'), hashing.md5('149.13.33.14')]);
    expect(feedHashes({ type: 'datetime', value: '2018-04-10T14:41:38' }, hashing.md5)).toEqual(['f75d598983dff2f4478b8cd07a0acbc0']);
    expect(feedHashes({ type: 'datetime', value: '2018-04-10T14:41:38.500Z' }, hashing.md5)).toEqual([hashing.md5('2018-04-10 14:41:38.500000+00:00')]);
  });
});

describeExternal('MISP feed (misp/feed-reference, misp/feed-distribution)', missingFixtures(), () => {
  const dir = () => sharedFixture('misp', 'feed-reference');
  const referenceFiles = () => new Map(readdirSync(dir()).map((n) => [n, readFileSync(`${dir()}/${n}`, 'utf8')]));

  it('reads the reference feed: 5 events, every attribute hash listed', () => {
    const feed = readMispFeed(referenceFiles(), { hashing });
    expect(feed.manifest).toHaveLength(5);
    expect(feed.events.map((e) => e.uuid).sort()).toEqual([...feed.manifest].sort());
  });

  it('refuses a feed whose attribute no longer matches hashes.csv, naming the event and attribute', () => {
    const files = referenceFiles();
    const name = '5a3c2fcd-8328-42bb-a95e-4f4402de0b81.json';
    const json = JSON.parse(files.get(name) ?? '');
    const attribute = json.Event.Attribute[0];
    attribute.value = 'https://tampered.example/';
    files.set(name, JSON.stringify(json));
    const e = thrown(() => readMispFeed(files, { hashing }));
    expect(e.code).toBe('SAKIMORI_ERR_STIX_MISP_FEED_HASH_MISMATCH');
    expect(e.details).toEqual({ event: '5a3c2fcd-8328-42bb-a95e-4f4402de0b81', attribute: attribute.uuid });
  });

  it('refuses an event file the manifest does not list, and a listed event without its file', () => {
    const files = referenceFiles();
    const manifest = JSON.parse(files.get('manifest.json') ?? '');
    delete manifest['5a3c2fcd-8328-42bb-a95e-4f4402de0b81'];
    files.set('manifest.json', JSON.stringify(manifest));
    expect(thrown(() => readMispFeed(files, { hashing })).code).toBe('SAKIMORI_ERR_STIX_MISP_FEED_NOT_IN_MANIFEST');
    const missing = referenceFiles();
    missing.delete('5a3c2fcd-8328-42bb-a95e-4f4402de0b81.json');
    expect(thrown(() => readMispFeed(missing, { hashing })).code).toBe('SAKIMORI_ERR_STIX_MISP_FEED_NOT_IN_MANIFEST');
    expect(readMispFeed(missing, { hashing, complete: false }).events).toHaveLength(4);
  });

  it('writes the reference feed back as PyMISP wrote it (manifest, hashes.csv, event files)', () => {
    const reference = referenceFiles();
    const events = readMispFeed(reference, { hashing }).events;
    const written = writeMispFeed(events, { hashing });
    expect([...written.keys()].sort()).toEqual([...reference.keys()].sort());
    for (const [name, text] of written) {
      if (name === 'hashes.csv') expect(text.split('\n').sort()).toEqual((reference.get(name) ?? '').split('\n').sort());
      else expect(JSON.parse(text)).toEqual(JSON.parse(reference.get(name) ?? ''));
    }
  });

  describe('distribution filtering equals PyMISP to_feed', () => {
    const read = (name: string) => JSON.parse(readFileSync(sharedFixture('misp', 'feed-distribution', name), 'utf8'));
    const input = () => parseMispEvent(read('input-event.json'));
    const eventFile = (files: Map<string, string>) => JSON.parse(files.get('5a3c2fcd-8328-42bb-a95e-4f4402de0b81.json') ?? '');

    it('every distribution: expected-all.json', () => {
      expect(eventFile(writeMispFeed([input()], { hashing }))).toEqual(read('expected-all.json'));
    });

    it('community distributions [1, 2, 3, 5]: expected-community.json', () => {
      expect(eventFile(writeMispFeed([input()], { hashing, validDistributions: [1, 2, 3, 5] }))).toEqual(read('expected-community.json'));
    });

    it('the release policy for a community member that is not the producer: expected-community.json, TLP tags kept', () => {
      const member: Recipient = { kind: 'organisation', organisationId: asId('isp-c'), sector: 'telecommunications' };
      const files = writeMispFeed([input()], { hashing, mayRelease: (context) => mispVerdict(context, member) === 'ALLOWED' });
      const event = eventFile(files);
      expect(event).toEqual(read('expected-community.json'));
      expect(event.Event.Tag.map((t: { name: string }) => t.name)).toContain('tlp:white');
      expect(JSON.parse(files.get('manifest.json') ?? '')['5a3c2fcd-8328-42bb-a95e-4f4402de0b81'].Tag.map((t: { name: string }) => t.name)).toContain('tlp:white');
    });
  });
});
