/**
 * Simulator throughput: generates built-in scenarios into a pcap as fast as possible and reports
 * true packets generated and datagrams written per second of wall time.
 *
 * Run: npx tsx bench/simulator.ts [scenario …]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimulation, loadScenarioFile, PcapFileSink, runSimulation } from '../src/simulator/index.js';

const names = process.argv.length > 2 ? process.argv.slice(2) : ['benign-30min', 'udp-amplification', 'ipv6-attacks', 'carpet-bombing-22', 'botnet-mirai'];
const dir = mkdtempSync(join(tmpdir(), 'sakimori-bench-'));
try {
  for (const name of names) {
    const sim = createSimulation(loadScenarioFile(name, { nowMs: Date.UTC(2026, 0, 15) }));
    const path = join(dir, `${name}.pcap`);
    const r = await runSimulation(sim, { sinks: [new PcapFileSink(path, sim.exporters)], speed: 'fast' });
    const s = r.stats;
    const wall = r.wallMs / 1000;
    const simulated = (sim.nowMs - sim.startMs) / 1000;
    process.stdout.write(
      `${name.padEnd(20)} ${simulated.toFixed(0).padStart(5)} s simulated in ${wall.toFixed(2).padStart(6)} s ` +
        `(${(simulated / wall).toFixed(0).padStart(4)}× real time)  ${(s.packets / wall / 1e6).toFixed(2).padStart(5)} M true packets/s  ` +
        `${(s.datagrams / wall).toFixed(0).padStart(7)} datagrams/s  ${(statSync(path).size / wall / 1e6).toFixed(1).padStart(5)} MB/s pcap\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
