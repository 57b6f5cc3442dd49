/**
 * Test support: runs tshark on a capture held in memory and returns each packet's layers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from './tshark-json.js';

/**
 * Dissects `capture` with `tshark -T json --no-duplicate-keys`, applying `decodeAs` rules
 * (`-d` arguments such as `udp.port==2055,cflow`).
 */
export function tsharkLayers(capture: Uint8Array, decodeAs: readonly string[]): JsonObject[] {
  const dir = mkdtempSync(join(tmpdir(), 'sakimori-tshark-'));
  try {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, capture);
    const args = ['-r', file, '-T', 'json', '--no-duplicate-keys', ...decodeAs.flatMap((d) => ['-d', d])];
    const r = spawnSync('tshark', args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`tshark failed (${r.status}): ${r.stderr}`);
    const packets = JSON.parse(r.stdout) as { _source: { layers: JsonObject } }[];
    return packets.map((p) => p._source.layers);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
