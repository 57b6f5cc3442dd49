/**
 * The template code both NetFlow v9 and IPFIX decoders use (`template-sets.ts`), through the IPFIX
 * decoder: template field lists at their limits, enterprise fields, redefinitions and refreshes,
 * and data sets of unknown templates.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, DEFAULT_DECODER_LIMITS, ExporterCounters } from '../decoder.js';
import { CollectingSink } from '../flow-batch.js';
import { IpfixDecoder } from '../ipfix/ipfix-decoder.js';
import { recordsOf } from '../testing/record-view.js';
import { type Field, ipfixMessage, type IpfixSet, type Value } from '../testing/synth-netflow.js';
import { MAX_TEMPLATE_FIELDS } from './field-plan.js';
import { IE } from './information-elements.js';

const T0 = 1_700_000_000;

class Harness {
  readonly counters = new ExporterCounters();
  readonly sink = new CollectingSink(64);
  readonly dec = new IpfixDecoder(DEFAULT_DECODER_LIMITS);
  send(sets: IpfixSet[], sequence = 0): number {
    return this.dec.decode(ipfixMessage({ exportTime: T0, sequence, sets }), { index: 1, counters: this.counters }, T0 * 1000, this.sink);
  }
}
const tmpl = (id: number, fields: Field[]): IpfixSet => ({ kind: 'templates', templates: [{ id, fields }] });
const data = (id: number, fields: Field[], ...records: Value[][]): IpfixSet => ({ kind: 'data', id, fields, records });
const SRC: Field = { ie: IE.sourceIPv4Address, length: 4 };
const DST: Field = { ie: IE.destinationIPv4Address, length: 4 };

describe('template sets', () => {
  it(`takes a template of ${MAX_TEMPLATE_FIELDS} fields and refuses one of more`, () => {
    const h = new Harness();
    const many = (n: number): Field[] => [SRC, ...Array.from({ length: n - 1 }, () => ({ ie: IE.packetDeltaCount, length: 4 }))];
    h.send([tmpl(256, many(MAX_TEMPLATE_FIELDS))]);
    expect(h.counters.templates).toBe(1);
    h.send([tmpl(257, many(MAX_TEMPLATE_FIELDS + 1))]);
    expect(h.counters.errors[DecodeError.BadTemplate]).toBe(1);
    expect(h.counters.templates).toBe(1);
  });

  it('reads an enterprise number after every field with the top bit set, element 0 included, and understands enterprise 0 as the IANA element', () => {
    const h = new Harness();
    const f: Field[] = [{ ie: 0, length: 2, enterprise: 29305 }, { ie: IE.sourceIPv4Address, length: 4, enterprise: 0 }, DST];
    h.send([tmpl(256, f), data(256, f, [7, '192.0.2.1', '198.51.100.1'])]);
    expect(recordsOf(h.sink).map((r) => [r.src, r.dst])).toEqual([['192.0.2.1', '198.51.100.1']]);
    expect(h.counters.errorTotal).toBe(0);
  });

  it('recompiles a redefined template (other order, other field count, data become options) and only refreshes an unchanged one', () => {
    const h = new Harness();
    h.send([tmpl(256, [SRC, DST]), data(256, [SRC, DST], ['192.0.2.1', '198.51.100.1'])]);
    h.send([tmpl(256, [DST, SRC]), data(256, [DST, SRC], ['198.51.100.2', '192.0.2.2'])]);
    h.send([tmpl(256, [SRC, DST, { ie: IE.packetDeltaCount, length: 4 }]), data(256, [SRC, DST, { ie: IE.packetDeltaCount, length: 4 }], ['192.0.2.3', '198.51.100.3', 9])]);
    expect(recordsOf(h.sink).map((r) => [r.src, r.dst])).toEqual([
      ['192.0.2.1', '198.51.100.1'],
      ['192.0.2.2', '198.51.100.2'],
      ['192.0.2.3', '198.51.100.3'],
    ]);
    // The same id and fields as an options template: its records now set sampling instead.
    const opt: Field[] = [
      { ie: IE.observationDomainId, length: 4 },
      { ie: IE.samplingInterval, length: 4 },
    ];
    h.send([tmpl(300, opt), data(300, opt, [0, 64])]);
    expect(recordsOf(h.sink)).toHaveLength(4);
    h.send([
      { kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 1, fields: opt }] },
      data(300, opt, [0, 64]),
      data(256, [SRC, DST, { ie: IE.packetDeltaCount, length: 4 }], ['192.0.2.4', '198.51.100.4', 1]),
    ]);
    expect(recordsOf(h.sink)).toHaveLength(5);
    expect(recordsOf(h.sink).at(-1)!.samplingRate).toBe(64);
    // An unchanged refresh keeps the template and its domain's sampling.
    h.send([{ kind: 'optionsTemplates', templates: [{ id: 300, scopeCount: 1, fields: opt }] }, data(256, [SRC, DST, { ie: IE.packetDeltaCount, length: 4 }], ['192.0.2.5', '198.51.100.5', 1])]);
    expect(recordsOf(h.sink).at(-1)!.samplingRate).toBe(64);
    expect(h.counters.templates).toBe(2);
    expect(h.counters.errorTotal).toBe(0);
  });

  it('leaves the sequence unknown after a data set of an unknown template, however many records it held', () => {
    const h = new Harness();
    h.send([data(999, [SRC, DST], ['192.0.2.1', '198.51.100.1'], ['192.0.2.2', '198.51.100.2'])], 0);
    h.send([tmpl(256, [SRC, DST]), data(256, [SRC, DST], ['192.0.2.3', '198.51.100.3'])], 2);
    h.send([data(256, [SRC, DST], ['192.0.2.4', '198.51.100.4'])], 3);
    expect([h.counters.sequenceGaps, h.counters.lostRecords, h.counters.sequenceResets]).toEqual([0, 0, 0]);
  });
});
