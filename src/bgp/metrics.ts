/**
 * Prometheus metrics of the BGP speaker, registered on the registry the component is given.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

/** Numeric value of each session state in `sakimori_bgp_session_state`. */
export const SESSION_STATE_VALUES = { idle: 0, connect: 1, active: 2, 'open-sent': 3, 'open-confirm': 4, established: 5 } as const;

/** Source of the per-peer route counts, read at scrape time. */
export type RouteCountsSource = () => Iterable<{ peer: string; counts: Readonly<Record<'pending' | 'active' | 'withdrawn' | 'failed', number>> }>;

/** The speaker's metrics. */
export class BgpMetrics {
  readonly sessionState: Gauge<'peer'>;
  readonly establishments: Counter<'peer'>;
  readonly connectAttempts: Counter<'peer'>;
  readonly messagesSent: Counter<'peer' | 'type'>;
  readonly messagesReceived: Counter<'peer' | 'type'>;
  readonly notificationsSent: Counter<'peer' | 'code' | 'subcode'>;
  readonly notificationsReceived: Counter<'peer' | 'code' | 'subcode'>;
  readonly malformedUpdates: Counter<'peer'>;
  readonly prefixesReceived: Counter<'peer' | 'family'>;
  readonly routes: Gauge<'peer' | 'state'>;

  constructor(registry: Registry, routeCounts: RouteCountsSource) {
    const registers = [registry];
    this.sessionState = new Gauge({
      name: 'sakimori_bgp_session_state',
      help: 'BGP session state per peer: 0 idle, 1 connect, 2 active, 3 open-sent, 4 open-confirm, 5 established',
      labelNames: ['peer'],
      registers,
    });
    this.establishments = new Counter({ name: 'sakimori_bgp_session_establishments_total', help: 'Sessions that reached Established', labelNames: ['peer'], registers });
    this.connectAttempts = new Counter({ name: 'sakimori_bgp_connect_attempts_total', help: 'Outgoing TCP connection attempts', labelNames: ['peer'], registers });
    this.messagesSent = new Counter({ name: 'sakimori_bgp_messages_sent_total', help: 'BGP messages sent, by type', labelNames: ['peer', 'type'], registers });
    this.messagesReceived = new Counter({ name: 'sakimori_bgp_messages_received_total', help: 'BGP messages received, by type', labelNames: ['peer', 'type'], registers });
    this.notificationsSent = new Counter({ name: 'sakimori_bgp_notifications_sent_total', help: 'NOTIFICATION messages sent', labelNames: ['peer', 'code', 'subcode'], registers });
    this.notificationsReceived = new Counter({ name: 'sakimori_bgp_notifications_received_total', help: 'NOTIFICATION messages received', labelNames: ['peer', 'code', 'subcode'], registers });
    this.malformedUpdates = new Counter({ name: 'sakimori_bgp_updates_malformed_total', help: 'UPDATEs treated as withdraw under RFC 7606', labelNames: ['peer'], registers });
    this.prefixesReceived = new Counter({
      name: 'sakimori_bgp_prefixes_received_total',
      help: 'Prefixes and FlowSpec rules received from peers (not installed anywhere)',
      labelNames: ['peer', 'family'],
      registers,
    });
    this.routes = new Gauge({
      name: 'sakimori_bgp_routes',
      help: 'Routes in each peer Adj-RIB-Out by state (pending, active, withdrawn, failed)',
      labelNames: ['peer', 'state'],
      registers,
      collect() {
        for (const { peer, counts } of routeCounts()) {
          for (const state of ['pending', 'active', 'withdrawn', 'failed'] as const) this.set({ peer, state }, counts[state]);
        }
      },
    });
  }
}
