/**
 * Packs Adj-RIB-Out changes into as few UPDATE messages as fit: withdrawals grouped per family,
 * announcements grouped by identical path attributes, each message filled with NLRI up to the
 * 4096-octet limit (RFC 4271 §4). MP_REACH/MP_UNREACH are placed first (RFC 7606 §5.1).
 *
 * Pure: no I/O, no `node:` imports.
 */
import { encodeOutboundAttributes } from '../message/attributes.js';
import { concatBytes } from '../message/byte-writer.js';
import { MAX_MESSAGE_LENGTH, Origin, type RouteFamily } from '../message/constants.js';
import { MP_UNREACH_OVERHEAD, UPDATE_OVERHEAD, encodeUpdate, mpReachAttribute, mpReachOverhead, mpUnreachAttribute } from '../message/update.js';
import type { PreparedRoute } from '../route.js';
import type { RibEntry } from './adj-rib-out.js';

/** What the encoding of our routes depends on for one peer. */
export interface PeerEncoding {
  readonly localAs: number;
  /** True when the peer is in our AS: empty AS_PATH and a LOCAL_PREF. */
  readonly ibgp: boolean;
  readonly fourOctetAs: boolean;
  /** Default next hops (4 and 16 octets) for routes without their own. */
  readonly nextHopV4: Uint8Array;
  readonly nextHopV6: Uint8Array;
}

/** One route taken from the Adj-RIB-Out, with its generation at that moment. */
export interface BatchItem {
  readonly entry: RibEntry;
  readonly generation: number;
}

/** One UPDATE ready to write, and the routes it carries. */
export interface PackedUpdate {
  readonly bytes: Uint8Array;
  readonly items: BatchItem[];
}

/** Result of packing: the messages, and routes that cannot be sent at all. */
export interface PackResult {
  readonly messages: PackedUpdate[];
  readonly failures: { readonly item: BatchItem; readonly error: string }[];
}

const DEFAULT_LOCAL_PREF = 100;

function nextHopFor(p: PreparedRoute, enc: PeerEncoding): Uint8Array {
  if (p.family === 'ipv4-flowspec' || p.family === 'ipv6-flowspec') return new Uint8Array(0); // RFC 8955 §4: no next hop
  return p.nextHop ?? (p.family === 'ipv4-unicast' ? enc.nextHopV4 : enc.nextHopV6);
}

function attributesFor(p: PreparedRoute, nextHop: Uint8Array, enc: PeerEncoding): Uint8Array {
  const nh = p.family === 'ipv4-unicast' ? new DataView(nextHop.buffer, nextHop.byteOffset, 4).getUint32(0) : undefined;
  return encodeOutboundAttributes({
    origin: Origin.Igp,
    asPath: enc.ibgp ? [] : [enc.localAs],
    fourOctetAs: enc.fourOctetAs,
    nextHopV4: nh,
    med: p.med,
    localPref: enc.ibgp ? (p.localPref ?? DEFAULT_LOCAL_PREF) : undefined,
    communities: p.communities,
    extendedCommunities: p.extendedCommunities,
    largeCommunities: p.largeCommunities,
  });
}

/** Splits items into chunks whose NLRI fit `capacity` octets; items that never fit become failures. */
function chunk(items: readonly BatchItem[], capacity: number, failures: PackResult['failures']): BatchItem[][] {
  const chunks: BatchItem[][] = [];
  let cur: BatchItem[] = [];
  let size = 0;
  for (const it of items) {
    const n = it.entry.prepared.nlri.length;
    if (n > capacity) {
      failures.push({ item: it, error: `NLRI of ${n} octets does not fit one UPDATE` });
      continue;
    }
    if (size + n > capacity) {
      chunks.push(cur);
      cur = [];
      size = 0;
    }
    cur.push(it);
    size += n;
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

function nlriOf(items: readonly BatchItem[]): Uint8Array {
  return concatBytes(items.map((i) => i.entry.prepared.nlri));
}

function packWithdrawals(family: RouteFamily, items: BatchItem[], out: PackResult): void {
  if (family === 'ipv4-unicast') {
    for (const c of chunk(items, MAX_MESSAGE_LENGTH - UPDATE_OVERHEAD, out.failures)) out.messages.push({ bytes: encodeUpdate({ withdrawn: nlriOf(c) }), items: c });
    return;
  }
  for (const c of chunk(items, MAX_MESSAGE_LENGTH - UPDATE_OVERHEAD - MP_UNREACH_OVERHEAD, out.failures)) {
    out.messages.push({ bytes: encodeUpdate({ attributes: mpUnreachAttribute(family, nlriOf(c)) }), items: c });
  }
}

function packAnnouncements(family: RouteFamily, nextHop: Uint8Array, attrs: Uint8Array, items: BatchItem[], out: PackResult): void {
  if (family === 'ipv4-unicast') {
    for (const c of chunk(items, MAX_MESSAGE_LENGTH - UPDATE_OVERHEAD - attrs.length, out.failures)) {
      out.messages.push({ bytes: encodeUpdate({ attributes: attrs, nlri: nlriOf(c) }), items: c });
    }
    return;
  }
  const capacity = MAX_MESSAGE_LENGTH - UPDATE_OVERHEAD - attrs.length - mpReachOverhead(nextHop.length);
  for (const c of chunk(items, capacity, out.failures)) {
    out.messages.push({ bytes: encodeUpdate({ attributes: concatBytes([mpReachAttribute(family, nextHop, nlriOf(c)), attrs]) }), items: c });
  }
}

/** Packs a batch of Adj-RIB-Out changes: withdrawals first, then announcements. */
export function packUpdates(batch: readonly BatchItem[], enc: PeerEncoding): PackResult {
  const out: PackResult = { messages: [], failures: [] };
  const withdrawals = new Map<RouteFamily, BatchItem[]>();
  const groups = new Map<string, { family: RouteFamily; nextHop: Uint8Array; first: PreparedRoute; items: BatchItem[] }>();
  for (const it of batch) {
    const p = it.entry.prepared;
    if (it.entry.intent === 'withdraw') {
      const list = withdrawals.get(p.family);
      if (list === undefined) withdrawals.set(p.family, [it]);
      else list.push(it);
      continue;
    }
    const key = `${p.family}|${p.attributeSignature}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { family: p.family, nextHop: nextHopFor(p, enc), first: p, items: [it] });
    else g.items.push(it);
  }
  for (const [family, items] of withdrawals) packWithdrawals(family, items, out);
  for (const g of groups.values()) {
    const attrs = attributesFor(g.first, g.nextHop, enc);
    packAnnouncements(g.family, g.nextHop, attrs, g.items, out);
  }
  return out;
}
