import { describe, expect, it } from 'vitest';
import { DEFAULT_DECODER_LIMITS, ExporterCounters, type FlowDecoder } from '../decoder.js';
import { CollectingSink } from '../flow-batch.js';
import { IpfixDecoder } from '../ipfix/ipfix-decoder.js';
import { NetflowV9Decoder } from '../netflow-v9/netflow-v9-decoder.js';
import { describeExternal, missingFixtures } from '../../testing/external.js';
import { fixtureDatagrams, NETFLOW_GROUPS } from '../testing/flow-fixtures.js';
import { Rng } from '../testing/fuzz.js';
import { recordsOf, type RecordView } from '../testing/record-view.js';
import { ipfixSeeds, V9_FIELDS, v9Seeds } from '../testing/seed-corpus.js';
import { type Field, ipfixMessage, v9Packet, type Value } from '../testing/synth-netflow.js';
import { compileTemplate, FieldSpecs } from './field-plan.js';
import { IE } from './information-elements.js';
import { TemplateBudget } from './template-store.js';

/** Elements the columnar path handles, with the lengths they may have. */
const POOL: [number, number[]][] = [
  [IE.octetDeltaCount, [1, 2, 4, 8]],
  [IE.packetDeltaCount, [4, 8]],
  [IE.octetTotalCount, [8]],
  [IE.protocolIdentifier, [1]],
  [IE.ipClassOfService, [1]],
  [IE.tcpControlBits, [1, 2]],
  [IE.sourceTransportPort, [2]],
  [IE.destinationTransportPort, [2]],
  [IE.sourceIPv4Address, [4]],
  [IE.destinationIPv4Address, [4]],
  [IE.ipNextHopIPv4Address, [4]],
  [IE.sourceIPv6Address, [16]],
  [IE.destinationIPv6Address, [16]],
  [IE.bgpNextHopIPv6Address, [16]],
  [IE.sourceIPv4PrefixLength, [1]],
  [IE.destinationIPv6PrefixLength, [1]],
  [IE.ingressInterface, [2, 4]],
  [IE.egressPhysicalInterface, [4]],
  [IE.bgpSourceAsNumber, [2, 4]],
  [IE.bgpDestinationAsNumber, [4]],
  [IE.vlanId, [2]],
  [IE.flowDirection, [1]],
  [IE.ipVersion, [1]],
  [IE.flowStartSysUpTime, [4]],
  [IE.flowEndSysUpTime, [4]],
  [IE.flowStartSeconds, [4]],
  [IE.flowEndMilliseconds, [8]],
  [IE.flowStartMicroseconds, [8]],
  [IE.flowEndDeltaMicroseconds, [4]],
  [IE.observationTimeMilliseconds, [8]],
  [IE.icmpTypeCodeIPv4, [2]],
  [IE.icmpTypeIPv6, [1]],
  [IE.icmpCodeIPv6, [1]],
  [IE.samplingInterval, [2, 4]],
  [IE.samplerId, [1, 4]],
  [IE.selectorId, [8]],
  [100, [3]],
  [200, [0, 7]],
  [IE.fragmentOffset, [1, 2]],
  [IE.fragmentFlags, [1]],
];

function randomTemplate(rng: Rng): Field[] {
  const n = 1 + rng.int(14);
  const fields: Field[] = [];
  for (let k = 0; k < n; k++) {
    const [ie, lengths] = POOL[rng.int(POOL.length)]!;
    fields.push({ ie, length: lengths[rng.int(lengths.length)]! });
  }
  return fields;
}

function randomRecord(rng: Rng, fields: readonly Field[]): Value[] {
  return fields.map((f) => {
    const b = new Uint8Array(f.length);
    for (let k = 0; k < b.length; k++) b[k] = rng.int(4) === 0 ? 0 : rng.int(256);
    if (f.ie === IE.protocolIdentifier && rng.int(2) === 0) b[0] = rng.int(2) === 0 ? 1 : 58;
    return b;
  });
}

/** Decodes with both paths into small batches (so sets straddle batches) and returns both outputs. */
function bothPaths(datagrams: readonly Uint8Array[], make: (columnar: boolean) => FlowDecoder): [RecordView[], RecordView[]] {
  const out: RecordView[][] = [];
  for (const columnar of [true, false]) {
    const dec = make(columnar);
    const sink = new CollectingSink(7);
    const counters = new ExporterCounters();
    datagrams.forEach((d, k) => dec.decode(d, { index: 0, counters }, 1_700_000_000_000 + k, sink));
    out.push(recordsOf(sink));
  }
  return [out[0]!, out[1]!];
}

const v9 = (columnar: boolean): FlowDecoder => new NetflowV9Decoder(DEFAULT_DECODER_LIMITS, new TemplateBudget(DEFAULT_DECODER_LIMITS), { columnar });
const ipfix = (columnar: boolean): FlowDecoder => new IpfixDecoder(DEFAULT_DECODER_LIMITS, new TemplateBudget(DEFAULT_DECODER_LIMITS), { columnar });

describe('column-by-column decoding', () => {
  it('is used for a typical router template', () => {
    const specs = new FieldSpecs();
    V9_FIELDS.forEach((f, k) => {
      specs.ie[k] = f.ie;
      specs.length[k] = f.length;
    });
    specs.count = V9_FIELDS.length;
    const plan = compileTemplate(specs, false, false);
    expect(typeof plan === 'object' && plan.columnar).toBe(true);
  });

  it('produces exactly the records of record-by-record decoding, on 300 random templates', () => {
    const rng = new Rng(7);
    const v9Datagrams: Uint8Array[] = [];
    const ipfixDatagrams: Uint8Array[] = [];
    for (let t = 0; t < 300; t++) {
      const fields = randomTemplate(rng);
      const records = Array.from({ length: 1 + rng.int(30) }, () => randomRecord(rng, fields));
      const id = 256 + (t % 50);
      v9Datagrams.push(
        v9Packet({
          sysUptime: rng.next(),
          unixSecs: 1_700_000_000,
          sourceId: t % 3,
          sets: [
            { kind: 'templates', templates: [{ id, fields }] },
            { kind: 'data', id, fields, records },
          ],
        }),
      );
      ipfixDatagrams.push(
        ipfixMessage({
          exportTime: 1_700_000_000,
          domain: t % 3,
          sets: [
            { kind: 'templates', templates: [{ id, fields }] },
            { kind: 'data', id, fields, records },
          ],
        }),
      );
    }
    const [a, b] = bothPaths([...v9Seeds(), ...v9Datagrams], v9);
    expect(a.length).toBeGreaterThan(1000);
    expect(a).toEqual(b);
    const [c, d] = bothPaths([...ipfixSeeds(), ...ipfixDatagrams], ipfix);
    expect(c).toEqual(d);
  });
});

describeExternal('column-by-column decoding of the shared captures', missingFixtures(), () => {
  it('matches record-by-record decoding on every NetFlow v9 / IPFIX capture', () => {
    for (const g of NETFLOW_GROUPS) {
      const datagrams = g.files.flatMap((f) => fixtureDatagrams('netflow', f)).map((d) => d.payload);
      const [a, b] = bothPaths(datagrams, datagrams[0]![1] === 9 ? v9 : ipfix);
      expect(a, g.name).toEqual(b);
    }
  });
});
