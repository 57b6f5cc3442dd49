/**
 * FlowSpec routes of an action (RFC 8955 for IPv4, RFC 8956 for IPv6): one route for traffic
 * towards the victim by protocol and ports, or one route per attack source prefix, each with
 * the discard (traffic-rate-bytes 0) or rate-limit action (§7.1).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { DISCARD, type FlowSpecAction as BgpFlowSpecAction } from '../../../bgp/flowspec/actions.js';
import { numeric, type FlowSpecComponent, type FlowSpecFamily } from '../../../bgp/flowspec/rule.js';
import type { FlowSpecRoute } from '../../../bgp/route.js';
import type { ActionOf, FlowSpecTreatment } from '../../catalogue/action.js';
import { keyed, type KeyedRoute } from '../bgp/bgp-rules.js';

function familyOf(prefix: string): FlowSpecFamily {
  return prefix.includes(':') ? 'ipv6' : 'ipv4';
}

function actions(t: FlowSpecTreatment): BgpFlowSpecAction[] {
  return t.kind === 'discard' ? [DISCARD] : [{ kind: 'traffic-rate-bytes', rate: t.bytesPerSecond }];
}

/** One FlowSpec route per rule of the action, with its speaker key. */
export function flowspecRoutes(a: ActionOf<'flowspec'>): KeyedRoute[] {
  const acts = actions(a.treatment);
  const make = (family: FlowSpecFamily, components: FlowSpecComponent[]): KeyedRoute => keyed({ kind: 'flowspec', rule: { family, components }, actions: acts } satisfies FlowSpecRoute);
  const m = a.match;
  if (m.kind === 'traffic') {
    // Components in increasing type order (RFC 8955 §4.2): destination, protocol, dst port, src port.
    const c: FlowSpecComponent[] = [
      { kind: 'destination', prefix: m.destination },
      { kind: 'protocol', terms: numeric.anyOf(m.protocol) },
    ];
    if (m.destinationPorts.length > 0) c.push({ kind: 'destination-port', terms: numeric.anyOf(...m.destinationPorts) });
    if (m.sourcePorts.length > 0) c.push({ kind: 'source-port', terms: numeric.anyOf(...m.sourcePorts) });
    return [make(familyOf(m.destination), c)];
  }
  return m.sources.map((source) => {
    const c: FlowSpecComponent[] = [];
    if (m.destination !== null) c.push({ kind: 'destination', prefix: m.destination });
    c.push({ kind: 'source', prefix: source });
    if (m.protocol !== null) c.push({ kind: 'protocol', terms: numeric.anyOf(m.protocol) });
    return make(familyOf(source), c);
  });
}
