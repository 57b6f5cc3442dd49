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
import { benchFeedFiles } from './lib/misp-bench-feed.js';

const arg = process.argv.indexOf('--attributes');
const ATTRIBUTES = arg > 0 ? Number(process.argv[arg + 1]) : 1_000_000;
const hashing: MispHashing = {
  md5: (text) => hash('md5', text, 'hex'),
  sha1: (bytes) => hash('sha1', bytes, 'buffer'),
};

const files = new Map(benchFeedFiles(ATTRIBUTES));
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
