/**
 * Memory of the detection engine under a random-destination flood, measured as resident memory of
 * a fresh process: RSS before the engine exists, after it is built, and after flooding it with
 * `4 × maxHosts` distinct destinations (IPv6 addresses spread over a carrier's /48, and every
 * address of its /22), one destination per record, at a rate that recycles slots every second.
 *
 * argv: <maxHosts> ; prints one JSON line and exits.
 */
import { ManualClock } from '../../src/core/clock.js';
import { CollectingAttackSink } from '../../src/detection/attack.js';
import { DetectionEngine } from '../../src/detection/detection-engine.js';
import { HostTable } from '../../src/detection/host-table.js';
import { DEMO_NETWORKS, testConfig } from '../../src/detection/testing/flow-builder.js';
import { FlowBatch, FlowFormat } from '../../src/flow/flow-batch.js';

const maxHosts = Number(process.argv[2] ?? 32768);
const BATCH = 8192;

function rss(): number {
  return process.memoryUsage().rss;
}

// Let the runtime settle so the baseline does not include start-up garbage.
globalThis.gc?.();
const before = rss();
const clock = new ManualClock(Date.UTC(2026, 0, 15, 3, 0, 0));
const sink = new CollectingAttackSink();
const engine = new DetectionEngine(testConfig({ maxHosts }), { sink, newId: () => `a${sink.events.length}` }, clock.now());
engine.setNetworks(DEMO_NETWORKS, clock.now());
const built = rss();

const b = new FlowBatch(BATCH);
let n = 0;
const total = maxHosts * 4;
// Spread the destinations over ten seconds of detector time, so slots of addresses seen once are recycled.
const perStep = Math.max(1, Math.ceil(total / 100));
while (n < total) {
  b.clear();
  for (let k = 0; k < Math.min(BATCH, perStep, total - n); k++, n++) {
    const i = b.begin();
    const o = i * 4;
    const x = Math.imul(n + 1, 2654435761) >>> 0;
    if (n % 8 === 0) {
      b.dstAddr[o + 2] = 0xffff;
      b.dstAddr[o + 3] = (0xc6120000 | (n & 0x3ff)) >>> 0; // 198.18.0.0/22
      b.ipVersion[i] = 4;
      b.srcAddr[o + 2] = 0xffff;
      b.srcAddr[o + 3] = (0x64400000 + (x % 5000)) >>> 0;
    } else {
      b.dstAddr[o] = 0x20010db8;
      b.dstAddr[o + 1] = 0x04000000 | (x >>> 16); // 2001:db8:400::/48
      b.dstAddr[o + 2] = Math.imul(x, 40503) >>> 0;
      b.dstAddr[o + 3] = n >>> 0;
      b.ipVersion[i] = 6;
      b.srcAddr[o] = 0x20010db8;
      b.srcAddr[o + 1] = 0xf0000000;
      b.srcAddr[o + 3] = x % 5000;
    }
    b.protocol[i] = 17;
    b.srcPort[i] = 40000;
    b.dstPort[i] = 80;
    b.packets[i] = 1;
    b.bytes[i] = 200;
    b.samplingRate[i] = 100;
    b.startMs[i] = clock.now();
    b.endMs[i] = clock.now();
    b.format[i] = FlowFormat.Sflow;
    b.commit();
  }
  b.scale(0, 1);
  engine.consume(b, clock.now());
  clock.advance(100);
}
const flooded = rss();
const st = engine.state;
process.stdout.write(
  `${JSON.stringify({
    maxHosts,
    destinations: total,
    live: st.hosts.live,
    evictions: st.hosts.evictions,
    drops: st.hosts.drops,
    hostTableBytes: st.hosts.byteLength,
    bytesPerHostStated: HostTable.bytesPerHost(st.window),
    rssBefore: before,
    rssBuilt: built,
    rssFlooded: flooded,
    attacks: sink.of('attack.started').map((e) => e.target),
  })}\n`,
);
