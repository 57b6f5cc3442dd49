import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeExternal, missingTools } from '../../testing/external.js';
import { shapeBatch, SHAPES } from '../testing/packets.js';
import { tempDir, tsharkFields } from '../testing/tshark.js';
import { frameLength, MAX_HEADER_BYTES, writePacketHeader } from './packet-header.js';

const { dir, cleanup } = tempDir();
afterAll(cleanup);

/** The whole frame of row `i`: its headers followed by zero payload (padded to the Ethernet minimum). */
function fullFrame(i: number): Uint8Array {
  const b = shapeBatch();
  const frame = new Uint8Array(frameLength(b, i, 0) - 4);
  const len = writePacketHeader(frame, new DataView(frame.buffer), 0, b, i, 0, 0x4242);
  expect(len).toBeLessThanOrEqual(MAX_HEADER_BYTES);
  return frame;
}

function writeFrames(path: string, frames: Uint8Array[]): void {
  const head = new Uint8Array(24);
  const hv = new DataView(head.buffer);
  hv.setUint32(0, 0xa1b2c3d4, true);
  hv.setUint16(4, 2, true);
  hv.setUint16(6, 4, true);
  hv.setUint32(16, 65535, true);
  hv.setUint32(20, 1, true);
  const parts: Uint8Array[] = [head];
  for (const f of frames) {
    const rec = new Uint8Array(16);
    const v = new DataView(rec.buffer);
    v.setUint32(8, f.length, true);
    v.setUint32(12, f.length, true);
    parts.push(rec, f);
  }
  writeFileSync(path, Buffer.concat(parts));
}

describe('packet headers', () => {
  it('fit the 128 octets an sFlow agent copies, for every shape', () => {
    const b = shapeBatch();
    const buf = new Uint8Array(256);
    for (let i = 0; i < b.length; i++) {
      expect(writePacketHeader(buf, new DataView(buf.buffer), 0, b, i, 100, 1)).toBeLessThanOrEqual(MAX_HEADER_BYTES);
    }
  });
});

describeExternal('packet headers (checked by tshark)', missingTools('tshark'), () => {
  it('carry correct IPv4, TCP, UDP, ICMP and ICMPv6 checksums for the packet with its zero payload', () => {
    const shapes = ['tcp-syn-v4', 'icmp-echo-v4', 'gre-ip-v4', 'gre-eth-v4', 'tcp-ack-v6', 'icmpv6-echo', 'udp-small-v4'] as const;
    const path = join(dir, 'frames.pcap');
    writeFrames(
      path,
      shapes.map((s) => fullFrame(SHAPES.indexOf(s))),
    );
    const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE'];
    const rows = tsharkFields(path, ['ip.checksum.status', 'tcp.checksum.status', 'udp.checksum.status', 'icmp.checksum.status', 'icmpv6.checksum.status', 'frame.len'], undefined, checks);
    // Status 1 is "Good" for every checksum tshark could verify.
    expect(rows.map((r) => r.slice(0, 5).map((v) => v.join(',')))).toEqual([
      ['1', '1', '', '', ''],
      ['1', '', '', '1', ''],
      ['1,1', '', '1', '', ''],
      ['1,1', '', '1', '', ''],
      ['', '1', '', '', ''],
      ['', '', '', '', '1'],
      ['1', '', '1', '', ''],
    ]);
    expect(rows[6]![5]).toEqual(['60']); // 14 + 29, padded to the Ethernet minimum
  });
});
