import { describe, expect, it } from 'vitest';
import { parseAddress, parsePrefix, writeAddressAt } from '../../core/ip.js';
import { FlowBatch } from '../../flow/flow-batch.js';
import { ExposureObserver, PORTS_PER_ASSET } from './exposure-observer.js';

type Flow = readonly [src: string, dst: string, proto: number, port: number, endMs: number];

function batchOf(flows: readonly Flow[]): FlowBatch {
  const b = new FlowBatch(Math.max(1, flows.length));
  for (const [s, t, proto, port, end] of flows) {
    const i = b.begin();
    writeAddressAt(b.srcAddr, i, parseAddress(s));
    writeAddressAt(b.dstAddr, i, parseAddress(t));
    b.protocol[i] = proto;
    b.dstPort[i] = port;
    b.endMs[i] = end;
    b.commit();
  }
  return b;
}

const airline = [parsePrefix('192.0.2.0/24'), parsePrefix('2001:db8:1::/48')];
const bank = [parsePrefix('198.51.100.0/24')];

describe('exposure observer', () => {
  it('records ports on which an asset receives TCP or UDP from outside its organisation', () => {
    const o = new ExposureObserver();
    o.watch([
      { slot: 0, addresses: ['192.0.2.1', '2001:db8:1::1'], internal: airline },
      { slot: 1, addresses: ['198.51.100.1', '198.51.100.0/24'], internal: bank },
    ]);
    o.consume(
      batchOf([
        ['203.0.113.9', '192.0.2.1', 6, 443, 1_000],
        ['203.0.113.9', '192.0.2.1', 17, 500, 2_000],
        ['192.0.2.77', '192.0.2.1', 6, 22, 3_000], // from inside the airline: not exposure
        ['203.0.113.9', '192.0.2.1', 1, 0, 3_000], // ICMP has no port
        ['2001:db8:ffff::5', '2001:db8:1::1', 6, 10443, 4_000],
        ['2001:db8:1::9', '2001:db8:1::1', 6, 8443, 4_000], // inside
        ['192.0.2.50', '198.51.100.1', 6, 3389, 5_000], // the airline reaching the bank is outside the bank
        ['203.0.113.9', '198.51.100.7', 6, 80, 5_000], // inside the bank's prefix but not a registered host
      ]),
    );
    expect(o.inboundPorts(0, 0)).toEqual([443, 500, 10443]);
    expect(o.inboundPorts(0, 1_500)).toEqual([500, 10443]);
    expect(o.inboundPorts(1, 0)).toEqual([3389]);
    expect(o.inboundPorts(2, 0)).toBeUndefined();
  });

  it('keeps a fixed number of ports per asset, replacing the one seen longest ago', () => {
    const o = new ExposureObserver();
    o.watch([{ slot: 0, addresses: ['192.0.2.1'], internal: airline }]);
    const flows: Flow[] = [];
    for (let k = 0; k <= PORTS_PER_ASSET; k++) flows.push(['203.0.113.9', '192.0.2.1', 6, 1000 + k, 100 + k]);
    o.consume(batchOf(flows));
    const ports = o.inboundPorts(0, 0) ?? [];
    expect(ports).toHaveLength(PORTS_PER_ASSET);
    expect(ports).not.toContain(1000);
    expect(ports).toContain(1000 + PORTS_PER_ASSET);
  });

  it('keeps observations of a slot across a refresh and clears slots no longer watched', () => {
    const o = new ExposureObserver();
    o.watch([
      { slot: 0, addresses: ['192.0.2.1'], internal: airline },
      { slot: 1, addresses: ['198.51.100.1'], internal: bank },
    ]);
    o.consume(
      batchOf([
        ['203.0.113.9', '192.0.2.1', 6, 443, 1],
        ['203.0.113.9', '198.51.100.1', 6, 443, 1],
      ]),
    );
    o.watch([{ slot: 0, addresses: ['192.0.2.1', '192.0.2.2'], internal: airline }]);
    expect(o.inboundPorts(0, 0)).toEqual([443]);
    expect(o.inboundPorts(1, 0)).toBeUndefined();
    o.watch([]);
    o.consume(batchOf([['203.0.113.9', '192.0.2.1', 6, 22, 1]]));
    expect(o.inboundPorts(0, 0)).toBeUndefined();
  });
});
