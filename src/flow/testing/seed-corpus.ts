/**
 * Test support: valid synthetic datagrams of every format, covering the structures the decoders
 * understand — the fuzzer's seed corpus (with the fixture captures) and the benchmark's input.
 */
import { FlowFormat } from '../flow-batch.js';
import { IE } from '../templates/information-elements.js';
import { ethernet, gre, icmp, ipv4, ipv6, mpls, tcp, udp } from './synth-packet.js';
import { type Field, ipfixMessage, v5Datagram, type V5Record, v9Packet, type Value } from './synth-netflow.js';
import { sflowDatagram, type SflowRecord, type SflowSample } from './synth-sflow.js';

const T0 = 1_700_000_000;

/** A typical router template: IPv4 5-tuple, counters, uptime times, interfaces, AS, masks, sampler. */
export const V9_FIELDS: readonly Field[] = [
  { ie: IE.sourceIPv4Address, length: 4 },
  { ie: IE.destinationIPv4Address, length: 4 },
  { ie: IE.ipNextHopIPv4Address, length: 4 },
  { ie: IE.packetDeltaCount, length: 4 },
  { ie: IE.octetDeltaCount, length: 4 },
  { ie: IE.flowStartSysUpTime, length: 4 },
  { ie: IE.flowEndSysUpTime, length: 4 },
  { ie: IE.ingressInterface, length: 4 },
  { ie: IE.egressInterface, length: 4 },
  { ie: IE.sourceTransportPort, length: 2 },
  { ie: IE.destinationTransportPort, length: 2 },
  { ie: IE.bgpSourceAsNumber, length: 4 },
  { ie: IE.bgpDestinationAsNumber, length: 4 },
  { ie: IE.vlanId, length: 2 },
  { ie: IE.tcpControlBits, length: 1 },
  { ie: IE.protocolIdentifier, length: 1 },
  { ie: IE.ipClassOfService, length: 1 },
  { ie: IE.flowDirection, length: 1 },
  { ie: IE.sourceIPv4PrefixLength, length: 1 },
  { ie: IE.destinationIPv4PrefixLength, length: 1 },
  { ie: IE.samplerId, length: 1 },
];

/** An IPFIX template with IPv6, millisecond times and 8-byte counters. */
export const IPFIX_FIELDS: readonly Field[] = [
  { ie: IE.sourceIPv6Address, length: 16 },
  { ie: IE.destinationIPv6Address, length: 16 },
  { ie: IE.packetDeltaCount, length: 8 },
  { ie: IE.octetDeltaCount, length: 8 },
  { ie: IE.flowStartMilliseconds, length: 8 },
  { ie: IE.flowEndMilliseconds, length: 8 },
  { ie: IE.ingressInterface, length: 4 },
  { ie: IE.egressInterface, length: 4 },
  { ie: IE.sourceTransportPort, length: 2 },
  { ie: IE.destinationTransportPort, length: 2 },
  { ie: IE.protocolIdentifier, length: 1 },
  { ie: IE.tcpControlBits, length: 2 },
  { ie: IE.ipClassOfService, length: 1 },
  { ie: IE.bgpSourceAsNumber, length: 4 },
  { ie: IE.bgpDestinationAsNumber, length: 4 },
  { ie: IE.flowDirection, length: 1 },
  { ie: IE.selectorId, length: 8 },
];

/** The IPv4 counterpart of {@link IPFIX_FIELDS}. */
export const IPFIX_V4_FIELDS: readonly Field[] = IPFIX_FIELDS.map((f) =>
  f.ie === IE.sourceIPv6Address ? { ie: IE.sourceIPv4Address, length: 4 } : f.ie === IE.destinationIPv6Address ? { ie: IE.destinationIPv4Address, length: 4 } : f,
);

/** Record `k` for {@link V9_FIELDS}, spread over many destinations. */
export function v9Values(k: number): Value[] {
  return [
    `10.${(k >>> 8) & 255}.${k & 255}.1`,
    `192.0.${(k >>> 8) & 15}.${k & 255}`,
    '203.0.113.1',
    1 + (k % 7),
    60 + k,
    50_000,
    59_000,
    3,
    4,
    1024 + k,
    80,
    64500,
    64501,
    10,
    0x12,
    6,
    0,
    0,
    24,
    24,
    1,
  ];
}

/** Record `k` for {@link IPFIX_FIELDS} (IPv6) or {@link IPFIX_V4_FIELDS}. */
export function ipfixValues(k: number, v6: boolean): Value[] {
  const src = v6 ? `2001:db8:${k & 0xffff}::1` : `10.${(k >>> 8) & 255}.${k & 255}.1`;
  const dst = v6 ? `2001:db8:ffff::${(k & 0xffff).toString(16)}` : `192.0.${(k >>> 8) & 15}.${k & 255}`;
  return [src, dst, 1 + (k % 5), 100 + k, T0 * 1000 - 5000, T0 * 1000 - 100, 5, 6, 40000 + (k % 1000), 443, 17, 0, 0, 64500, 64501, 0, 7];
}

/** NetFlow v5 seeds. */
export function v5Seeds(): Uint8Array[] {
  const rec = (k: number): V5Record => ({
    src: `10.0.${k & 255}.1`,
    dst: `192.0.2.${k & 255}`,
    packets: 1 + k,
    bytes: 64 * (1 + k),
    first: 1000,
    last: 2000,
    srcPort: 1000 + k,
    dstPort: 53,
    protocol: k % 3 === 0 ? 1 : 17,
    input: 1,
    output: 2,
  });
  return [1, 2, 10, 30].map((n, s) =>
    v5Datagram(
      { sysUptime: 5000, unixSecs: T0, sequence: s * 100, engineType: s, samplingInterval: s === 0 ? 0 : 0x4000 | 100 },
      Array.from({ length: n }, (_, k) => rec(k)),
    ),
  );
}

/** NetFlow v9 seeds: templates, options templates and data, alone and together. */
export function v9Seeds(): Uint8Array[] {
  const fields = [...V9_FIELDS];
  const optScopes = [{ type: 1, length: 4 }];
  const optFields: Field[] = [
    { ie: IE.samplerId, length: 1 },
    { ie: IE.samplerRandomInterval, length: 4 },
    { ie: IE.samplingInterval, length: 4 },
  ];
  const optDataFields: Field[] = [{ ie: 1, length: 4 }, ...optFields];
  const head = { sysUptime: 60_000, unixSecs: T0 };
  return [
    v9Packet({ ...head, sequence: 1, sets: [{ kind: 'templates', templates: [{ id: 256, fields }] }] }),
    v9Packet({
      ...head,
      sequence: 2,
      sets: [
        { kind: 'optionsTemplates', templates: [{ id: 257, scopes: optScopes, fields: optFields }] },
        {
          kind: 'data',
          id: 257,
          fields: optDataFields,
          records: [
            [0, 1, 1000, 1000],
            [0, 2, 64, 64],
          ],
        },
      ],
    }),
    v9Packet({ ...head, sequence: 3, sets: [{ kind: 'data', id: 256, fields, records: Array.from({ length: 20 }, (_, k) => v9Values(k)) }] }),
    v9Packet({
      ...head,
      sequence: 4,
      sourceId: 7,
      sets: [
        {
          kind: 'templates',
          templates: [
            { id: 256, fields },
            { id: 258, fields: fields.slice(0, 6) },
          ],
        },
        { kind: 'data', id: 258, fields: fields.slice(0, 6), records: [v9Values(1).slice(0, 6)] },
        { kind: 'data', id: 256, fields, records: [v9Values(2)] },
      ],
    }),
  ];
}

/** IPFIX seeds: variable-length and enterprise fields, options sampling, withdrawals, frame sections, times. */
export function ipfixSeeds(): Uint8Array[] {
  const f6 = [...IPFIX_FIELDS];
  const f4 = [...IPFIX_V4_FIELDS];
  const frame = ethernet({ type: 0x0800, vlans: [{ id: 9 }], payload: ipv4({ src: '192.0.2.1', dst: '192.0.2.2', protocol: 6, payload: tcp({ srcPort: 1, dstPort: 2, flags: 2 }) }) });
  const fFrame: Field[] = [
    { ie: IE.ingressInterface, length: 4 },
    { ie: IE.dataLinkFrameSize, length: 2 },
    { ie: IE.dataLinkFrameSection, length: 65535 },
  ];
  const fVar: Field[] = [
    { ie: 82, length: 65535 },
    { ie: IE.sourceIPv4Address, length: 4 },
    { ie: 1, length: 8, enterprise: 29305 },
    { ie: IE.octetDeltaCount, length: 4 },
    { ie: 7, length: 65535, enterprise: 9 },
  ];
  const fTimes: Field[] = [
    { ie: IE.systemInitTimeMilliseconds, length: 8 },
    { ie: IE.flowStartSysUpTime, length: 4 },
    { ie: IE.flowEndMicroseconds, length: 8 },
    { ie: IE.flowStartDeltaMicroseconds, length: 4 },
    { ie: IE.fragmentFlags, length: 1 },
    { ie: IE.fragmentOffset, length: 2 },
    { ie: IE.icmpTypeCodeIPv4, length: 2 },
  ];
  const opt: Field[] = [
    { ie: IE.observationDomainId, length: 4 },
    { ie: IE.templateId, length: 2 },
    { ie: IE.samplingPacketInterval, length: 4 },
    { ie: IE.samplingPacketSpace, length: 4 },
  ];
  const optSel: Field[] = [
    { ie: IE.selectorId, length: 8 },
    { ie: IE.samplingSize, length: 4 },
    { ie: IE.samplingPopulation, length: 4 },
  ];
  return [
    ipfixMessage({
      exportTime: T0,
      sequence: 0,
      domain: 1,
      sets: [
        {
          kind: 'templates',
          templates: [
            { id: 256, fields: f6 },
            { id: 257, fields: f4 },
          ],
        },
      ],
    }),
    ipfixMessage({
      exportTime: T0,
      sequence: 0,
      domain: 1,
      sets: [
        { kind: 'data', id: 256, fields: f6, records: Array.from({ length: 10 }, (_, k) => ipfixValues(k, true)) },
        { kind: 'data', id: 257, fields: f4, records: Array.from({ length: 10 }, (_, k) => ipfixValues(k, false)) },
      ],
    }),
    ipfixMessage({
      exportTime: T0,
      sequence: 20,
      domain: 1,
      sets: [
        {
          kind: 'optionsTemplates',
          templates: [
            { id: 300, scopeCount: 2, fields: opt },
            { id: 301, scopeCount: 1, fields: optSel },
          ],
        },
        { kind: 'data', id: 300, fields: opt, records: [[1, 256, 1, 99]] },
        { kind: 'data', id: 301, fields: optSel, records: [[7, 1, 512]] },
      ],
    }),
    ipfixMessage({
      exportTime: T0,
      sequence: 22,
      domain: 2,
      sets: [
        {
          kind: 'templates',
          templates: [
            { id: 260, fields: fFrame },
            { id: 261, fields: fVar },
            { id: 262, fields: fTimes },
          ],
        },
        { kind: 'data', id: 260, fields: fFrame, records: [[1, 120, frame]] },
        { kind: 'data', id: 261, fields: fVar, records: [[new Uint8Array(300), '192.0.2.1', 1, 2, new Uint8Array(3)]] },
        { kind: 'data', id: 262, fields: fTimes, records: [[T0 * 1000 - 9000, 1000, new Uint8Array(8), 5000, 0x20, 0, 0x0800]] },
      ],
    }),
    ipfixMessage({
      exportTime: T0,
      sequence: 30,
      domain: 2,
      sets: [
        { kind: 'withdraw', ids: [261] },
        { kind: 'withdraw', ids: [3], options: true },
        { kind: 'withdraw', ids: [2] },
      ],
    }),
  ];
}

/** sFlow seeds: compact and expanded samples over many encapsulations, extended records, counters. */
export function sflowSeeds(): Uint8Array[] {
  const t = tcp({ srcPort: 80, dstPort: 40000, flags: 0x18, payload: new Uint8Array(40) });
  const headers: [number, Uint8Array][] = [
    [1, ethernet({ type: 0x0800, payload: ipv4({ src: '192.0.2.1', dst: '198.51.100.1', protocol: 6, payload: t }) })],
    [
      1,
      ethernet({
        type: 0x86dd,
        vlans: [{ id: 5, tpid: 0x88a8 }, { id: 6 }],
        payload: ipv6({ src: '2001:db8::1', dst: '2001:db8::2', protocol: 17, extensions: [{ type: 0 }, { type: 44, more: true }], payload: udp({ srcPort: 53, dstPort: 9 }) }),
      }),
    ],
    [
      1,
      ethernet({
        type: 0x8847,
        payload: mpls([100, 200], ipv4({ src: '192.0.2.3', dst: '192.0.2.4', protocol: 47, payload: gre(0x0800, ipv4({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 1, payload: icmp(8, 0) })) })),
      }),
    ],
    [
      1,
      ethernet({
        type: 0x8847,
        payload: mpls([17], new Uint8Array([0, 0, 0, 0, ...ethernet({ type: 0x0800, payload: ipv4({ src: '192.0.2.5', dst: '192.0.2.6', protocol: 1, fragmentOffset: 10, payload: icmp(0, 0) }) })])),
      }),
    ],
    [11, ipv4({ src: '192.0.2.7', dst: '192.0.2.8', protocol: 17, flags: 0x2000, payload: udp({ srcPort: 123, dstPort: 123 }) })],
    [12, ipv6({ src: '2001:db8::7', dst: '2001:db8::8', protocol: 58, extensions: [{ type: 43 }], payload: icmp(128, 0) })],
  ];
  const ext: SflowRecord[] = [
    { kind: 'switch', srcVlan: 10, dstVlan: 20 },
    { kind: 'router', nextHop: '203.0.113.1', srcMask: 24, dstMask: 16 },
    { kind: 'gateway', nextHop: '2001:db8::fe', as: 64500, srcAs: 64501, srcPeerAs: 64502, path: [[64600, 64601], [64700]] },
  ];
  const samples = (base: number): SflowSample[] =>
    headers.map(([p, h], k) => ({
      kind: 'flow',
      expanded: k % 2 === 1,
      sequence: base + k,
      sourceIndex: k,
      rate: 1024,
      input: 3,
      output: k === 3 ? 0x3fffffff : 4,
      records: [{ kind: 'raw', headerProtocol: p, frameLength: h.length + 4, header: h }, ...ext.slice(0, k % 4)],
    }));
  return [
    sflowDatagram({ agent: '192.0.2.250', sequence: 1, samples: samples(1) }),
    sflowDatagram({
      agent: '2001:db8::250',
      subAgent: 3,
      sequence: 7,
      samples: [
        { kind: 'counters', sequence: 1, sourceIndex: 1 },
        { kind: 'counters', expanded: true, sequence: 1, sourceIndex: 2 },
      ],
    }),
    sflowDatagram({
      agent: '192.0.2.250',
      sequence: 2,
      samples: [
        {
          kind: 'flow',
          sequence: 100,
          sourceIndex: 1,
          rate: 256,
          input: 1,
          output: 2,
          records: [
            { kind: 'ipv4', length: 1000, protocol: 6, src: '192.0.2.1', dst: '192.0.2.2', srcPort: 1, dstPort: 2 },
            { kind: 'ipv6', length: 100, protocol: 17, src: '::1', dst: '::2', srcPort: 3, dstPort: 4 },
          ],
        },
      ],
    }),
  ];
}

/** Synthetic seeds by format. */
export function syntheticSeeds(format: FlowFormat): Uint8Array[] {
  switch (format) {
    case FlowFormat.NetflowV5:
      return v5Seeds();
    case FlowFormat.NetflowV9:
      return v9Seeds();
    case FlowFormat.Ipfix:
      return ipfixSeeds();
    case FlowFormat.Sflow:
      return sflowSeeds();
  }
}

/** The format of a datagram from its version field, undefined when unknown. */
export function formatOf(d: Uint8Array): FlowFormat | undefined {
  if (d.length < 4) return undefined;
  const v = (d[0]! << 8) | d[1]!;
  if (v === 5) return FlowFormat.NetflowV5;
  if (v === 9) return FlowFormat.NetflowV9;
  if (v === 10) return FlowFormat.Ipfix;
  if (v === 0 && d[2] === 0 && d[3] === 5) return FlowFormat.Sflow;
  return undefined;
}
