import { describe, expect, it } from 'vitest';
import { FragmentFlags } from '../flow/flow-batch.js';
import { F, nth, P, run, samplesPerStep, testEngine, type RecordSpec } from './testing/flow-builder.js';
import { AMPLIFICATION_SERVICES, recordVector, Vector } from './vectors.js';

type Shape = Omit<RecordSpec, 'src' | 'dst' | 'endMs'>;

/** 3 s of a `pps` flood (sampled 1:100) of records shaped by `shape(j)`, from 500 sources. */
function flood(dst: string, pps: number, shape: (j: number) => Shape, srcBase = '100.64.0.0') {
  return (now: number, k: number): RecordSpec[] =>
    Array.from({ length: samplesPerStep(pps, 100, 100, k) }, (_, j) => ({ src: nth(srcBase, (k * 37 + j * 101) % 500), dst, samplingRate: 100, bytes: 100, endMs: now, ...shape(k * 1000 + j) }));
}

function vectorsOf(shape: (j: number) => Shape, dst = '192.0.2.10') {
  const h = testEngine();
  run(h, 3, flood(dst, 50000, shape));
  const started = h.sink.of('attack.started');
  expect(started).toHaveLength(1);
  return h.sink
    .of('attack.updated')
    .at(-1)!
    .vectors.map((v) => (v.service === undefined ? v.vector : `${v.vector}/${v.service}`));
}

describe('attack classification', () => {
  it.each<[string, (j: number) => Shape, string[]]>([
    ['SYN flood', () => ({ protocol: P.TCP, tcpFlags: F.SYN }), ['syn_flood']],
    ['ACK flood', () => ({ protocol: P.TCP, tcpFlags: F.ACK }), ['ack_rst_flood']],
    ['RST flood', () => ({ protocol: P.TCP, tcpFlags: F.RST }), ['ack_rst_flood']],
    ['SYN-ACK reflection', () => ({ protocol: P.TCP, tcpFlags: F.SYN | F.ACK }), ['ack_rst_flood']],
    ['TCP connection flood ("stomp")', () => ({ protocol: P.TCP, tcpFlags: F.ACK | F.PSH }), ['tcp_connection_flood']],
    ['UDP flood', (j) => ({ protocol: P.UDP, srcPort: 20000 + (j % 30000), dstPort: 1 + (j % 60000) }), ['udp_flood']],
    ['ICMP flood', () => ({ protocol: P.ICMP }), ['icmp_flood']],
    ['GRE flood', () => ({ protocol: P.GRE, bytes: 600 }), ['gre_flood']],
    ['fragment flood', () => ({ protocol: P.UDP, fragment: FragmentFlags.IsFragment, srcPort: 0, dstPort: 0 }), ['fragment_flood']],
  ])('%s', (_name, shape, want) => {
    expect(vectorsOf(shape)).toEqual(want);
  });

  it.each(AMPLIFICATION_SERVICES.map((s) => [s.service, s.port] as const))('reflection from %s (source port %i)', (service, port) => {
    expect(vectorsOf(() => ({ protocol: P.UDP, srcPort: port, dstPort: 40000, bytes: 1400 }), '198.51.100.20')).toEqual([`reflection/${service}`]);
  });

  it('names every vector of a multi-vector attack', () => {
    const shapes: Array<() => Shape> = [() => ({ protocol: P.TCP, tcpFlags: F.SYN }), () => ({ protocol: P.GRE }), () => ({ protocol: P.UDP, srcPort: 123 })];
    expect(vectorsOf((j) => shapes[j % 3]!()).sort()).toEqual(['gre_flood', 'reflection/ntp', 'syn_flood']);
  });

  it('does not take ordinary traffic that goes on during a flood for a vector', () => {
    const h = testEngine();
    const web = flood('192.0.2.10', 6000, () => ({ protocol: P.TCP, tcpFlags: F.ACK | F.PSH }), '172.16.0.0');
    run(h, 8, web);
    run(h, 5, (now, k) => [...web(now, k), ...flood('192.0.2.10', 30000, () => ({ protocol: P.TCP, tcpFlags: F.SYN }))(now, k)]);
    const u = h.sink.of('attack.updated').at(-1)!;
    expect(u.vectors.map((v) => v.vector)).toEqual(['syn_flood']);
    expect(u.topSources.every((s) => s.address.startsWith('100.64.'))).toBe(true);
  });

  it('triggers on a per-class threshold configured for the network', () => {
    const h = testEngine({}, [{ id: 'n1', organizationId: 'o1', prefix: '192.0.2.0/24', thresholds: { tcp_syn: { pps: 5000 } } }]);
    run(
      h,
      3,
      flood('192.0.2.10', 8000, () => ({ protocol: P.TCP, tcpFlags: F.SYN })),
    );
    const s = h.sink.of('attack.started');
    expect(s).toHaveLength(1);
    expect(s[0]!.trigger).toMatchObject({ class: 'tcp_syn', metric: 'pps', threshold: 5000, thresholdSource: 'configured' });
    expect(s[0]!.thresholds).toMatchObject({ tcp_syn: { pps: 5000 }, total: { pps: 20000 } });
  });

  it('triggers on bits per second', () => {
    const h = testEngine({}, [{ id: 'n1', organizationId: 'o1', prefix: '192.0.2.0/24', thresholds: { udp: { bps: 100e6 } } }]);
    run(
      h,
      3,
      flood('192.0.2.10', 10000, () => ({ protocol: P.UDP, srcPort: 53, bytes: 1500 })),
    );
    expect(h.sink.of('attack.started')[0]!.trigger).toMatchObject({ class: 'udp', metric: 'bps', threshold: 100e6 });
  });
});

describe('fragments', () => {
  const first = FragmentFlags.IsFragment | FragmentFlags.FirstFragment;
  it('calls fragmented traffic a fragment flood, except amplified responses from a reflection port', () => {
    expect(recordVector(P.UDP, 0, FragmentFlags.IsFragment, 0)).toBe(Vector.FragmentFlood);
    expect(recordVector(P.UDP, 0, first, 40000)).toBe(Vector.FragmentFlood);
    expect(recordVector(P.TCP, F.ACK, first, 443)).toBe(Vector.FragmentFlood);
    // A large DNS answer split in fragments: its first fragment is still reflection from port 53.
    expect(recordVector(P.UDP, 0, first, 53)).toBe(Vector.Reflection);
    expect(recordVector(P.UDP, 0, 0, 40000)).toBe(Vector.UdpFlood);
  });
});
