import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario.js';
import { createSimulation } from '../simulation.js';
import { tempDir } from '../testing/tshark.js';
import { writeGroundTruth } from './truth-file.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

describe('ground truth files', () => {
  it('moves large source lists to a file beside the JSON and keeps small ones inline', () => {
    const sim = createSimulation(
      parseScenario(`start: 2026-01-15T00:00:00Z
duration: 10
exporters: [{ format: sflow, samplingRate: 1000 }]
attacks:
  - { name: big, kind: syn, start: 1, duration: 5, target: 192.0.2.1, rate: 20000, sources: 3000 }
  - { name: small, kind: udp, start: 1, duration: 5, target: 192.0.2.2, rate: 1000, sources: 20 }
`),
    );
    for (const _ of sim.datagrams());
    const path = join(dir, 'truth.json');
    const files = writeGroundTruth(path, sim.truth(), 1000);
    expect(files).toEqual([path, join(dir, 'truth.big.sources.txt')]);
    const json = JSON.parse(readFileSync(path, 'utf8')) as { attacks: { name: string; sources?: string[]; sourcesFile?: string; sourceCount: number }[] };
    const big = json.attacks.find((a) => a.name === 'big')!;
    expect(big.sources).toBeUndefined();
    expect(big.sourcesFile).toBe('truth.big.sources.txt');
    const lines = readFileSync(join(dir, big.sourcesFile!), 'utf8').trim().split('\n');
    expect(lines).toHaveLength(big.sourceCount);
    expect(big.sourceCount).toBe(3000);
    expect(json.attacks.find((a) => a.name === 'small')!.sources).toHaveLength(20);
  });
});
