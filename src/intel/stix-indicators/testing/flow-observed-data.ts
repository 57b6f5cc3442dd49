/**
 * The reference model of what one flow record observes, as STIX 2.1 observed-data (see the model in
 * `../compile-pattern.ts`): an address object for each end, in canonical text, and the
 * network-traffic in the record's direction and in reverse — the other half of the conversation,
 * which exporters send as a record of its own. The differential test matches patterns against it
 * with the STIX pattern matcher and compares with the compiled flow matcher.
 */
import { formatAddress, parseAddress } from '../../../core/ip.js';
import { protocolName } from '../../protocols.js';

/** One flow record's fields the indicator matcher reads. */
export interface FlowEnds {
  readonly src: string;
  readonly dst: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly protocol: number;
}

function addressObject(text: string): { type: string; value: string } {
  const w = parseAddress(text);
  const value = formatAddress(w[0], w[1], w[2], w[3]);
  return { type: value.includes(':') ? 'ipv6-addr' : 'ipv4-addr', value };
}

/** The observed-data SDO (embedded `objects` form) of one flow record. */
export function flowObservedData(f: FlowEnds): Record<string, unknown> {
  const src = addressObject(f.src);
  const dst = addressObject(f.dst);
  const protocols = [src.type === 'ipv4-addr' ? 'ipv4' : 'ipv6', protocolName(f.protocol)];
  return {
    type: 'observed-data',
    first_observed: '2026-01-01T00:00:00Z',
    last_observed: '2026-01-01T00:00:00Z',
    number_observed: 1,
    objects: {
      '0': src,
      '1': dst,
      '2': { type: 'network-traffic', src_ref: '0', dst_ref: '1', src_port: f.srcPort, dst_port: f.dstPort, protocols },
      '3': { type: 'network-traffic', src_ref: '1', dst_ref: '0', src_port: f.dstPort, dst_port: f.srcPort, protocols },
    },
  };
}
