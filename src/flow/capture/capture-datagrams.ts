/**
 * Extracts the UDP datagrams of a capture — what `sakimori replay` feeds to the flow decoders.
 * Link types: Ethernet (with 802.1Q/QinQ tags), Linux cooked SLL and SLL2, raw IPv4/IPv6
 * (LINKTYPE_RAW, IPV4, IPV6) and BSD loopback (NULL, LOOP). IPv4 and IPv6 (extension headers
 * skipped). Fragments are not reassembled: they, non-UDP packets, truncated packets and
 * unsupported link types are counted in {@link CaptureStats} and skipped.
 *
 * This reads export datagrams captured on a collector's own link, so — unlike the sampled-packet
 * parser — it does return a view of the UDP payload: the payload is the flow export itself.
 *
 * Pure: takes the file's bytes, no I/O.
 */
import { formatAddress, type AddressWords } from '../../core/ip.js';
import { CaptureFrames } from './capture-frames.js';

/** One UDP datagram found in a capture. */
export interface CapturedDatagram {
  /** Capture time, ms since the epoch. */
  readonly timestampMs: number;
  /** Source address words (IPv4 mapped). */
  readonly source: AddressWords;
  /** Source address as text. */
  readonly sourceText: string;
  readonly sourcePort: number;
  readonly destinationPort: number;
  /** The UDP payload: a view into the file, not a copy. */
  readonly payload: Uint8Array;
}

/** What was skipped while extracting datagrams. */
export class CaptureStats {
  frames = 0;
  datagrams = 0;
  /** IP packets that are not UDP, and frames that are not IP. */
  notUdp = 0;
  /** Frames cut short (snap length) or with inconsistent lengths. */
  truncated = 0;
  /** IP fragments (not reassembled). */
  fragments = 0;
  /** Frames of a link type this reader does not handle. */
  unsupportedLinkType = 0;
}

const LINKTYPE_NULL = 0;
const LINKTYPE_ETHERNET = 1;
const LINKTYPE_RAW_BSD = 12;
const LINKTYPE_RAW_BSD2 = 14;
const LINKTYPE_RAW = 101;
const LINKTYPE_LOOP = 108;
const LINKTYPE_LINUX_SLL = 113;
const LINKTYPE_IPV4 = 228;
const LINKTYPE_IPV6 = 229;
const LINKTYPE_LINUX_SLL2 = 276;

/**
 * Iterates the UDP datagrams of a pcap/pcapng file. Throws `SAKIMORI_ERR_CAPTURE_FORMAT` at once
 * when the bytes are not a capture.
 */
export function captureDatagrams(file: Uint8Array, stats: CaptureStats = new CaptureStats()): Iterable<CapturedDatagram> {
  const frames = new CaptureFrames(file);
  return {
    *[Symbol.iterator]() {
      for (const f of frames) {
        stats.frames++;
        const dg = datagramOf(f.data, f.linkType, f.timestampMs, stats);
        if (dg !== undefined) {
          stats.datagrams++;
          yield dg;
        }
      }
      if (frames.truncated) stats.truncated++;
    },
  };
}

/** Where the IP header starts for a link type, -1 for not IP, -2 for unsupported, -3 truncated. */
function ipStart(d: Uint8Array, linkType: number): number {
  switch (linkType) {
    case LINKTYPE_ETHERNET: {
      let p = 12;
      for (;;) {
        if (d.length - p < 2) return -3;
        const type = (d[p]! << 8) | d[p + 1]!;
        if (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
          p += 4;
          continue;
        }
        return type === 0x0800 || type === 0x86dd ? p + 2 : -1;
      }
    }
    case LINKTYPE_LINUX_SLL:
      if (d.length < 16) return -3;
      return isIpEtherType((d[14]! << 8) | d[15]!) ? 16 : -1;
    case LINKTYPE_LINUX_SLL2:
      if (d.length < 20) return -3;
      return isIpEtherType((d[0]! << 8) | d[1]!) ? 20 : -1;
    case LINKTYPE_RAW:
    case LINKTYPE_RAW_BSD:
    case LINKTYPE_RAW_BSD2:
    case LINKTYPE_IPV4:
    case LINKTYPE_IPV6:
      return 0;
    case LINKTYPE_NULL:
    case LINKTYPE_LOOP: {
      if (d.length < 4) return -3;
      // NULL: address family in the capturing host's byte order; LOOP: network order.
      const le = d[0]! | (d[1]! << 8) | (d[2]! << 16) | (d[3]! << 24);
      const be = (d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]!;
      const fam = linkType === LINKTYPE_LOOP ? be : le > 0 && le < 256 ? le : be;
      // AF_INET = 2; AF_INET6 = 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (macOS), 10 (Linux).
      return fam === 2 || fam === 24 || fam === 28 || fam === 30 || fam === 10 ? 4 : -1;
    }
    default:
      return -2;
  }
}

function isIpEtherType(t: number): boolean {
  return t === 0x0800 || t === 0x86dd;
}

function datagramOf(d: Uint8Array, linkType: number, timestampMs: number, stats: CaptureStats): CapturedDatagram | undefined {
  const p = ipStart(d, linkType);
  if (p === -2) {
    stats.unsupportedLinkType++;
    return undefined;
  }
  if (p === -3) {
    stats.truncated++;
    return undefined;
  }
  if (p < 0 || d.length - p < 1) {
    stats.notUdp++;
    return undefined;
  }
  const version = d[p]! >>> 4;
  if (version === 4) return ipv4(d, p, timestampMs, stats);
  if (version === 6) return ipv6(d, p, timestampMs, stats);
  stats.notUdp++;
  return undefined;
}

function ipv4(d: Uint8Array, p: number, timestampMs: number, stats: CaptureStats): CapturedDatagram | undefined {
  if (d.length - p < 20) return skipTruncated(stats);
  const ihl = (d[p]! & 0x0f) * 4;
  const total = (d[p + 2]! << 8) | d[p + 3]!;
  if (ihl < 20 || total < ihl) return skipTruncated(stats);
  if ((((d[p + 6]! << 8) | d[p + 7]!) & 0x3fff) !== 0) {
    stats.fragments++;
    return undefined;
  }
  if (d[p + 9] !== 17) {
    stats.notUdp++;
    return undefined;
  }
  const src: AddressWords = [0, 0, 0xffff, ((d[p + 12]! << 24) | (d[p + 13]! << 16) | (d[p + 14]! << 8) | d[p + 15]!) >>> 0];
  return udp(d, p + ihl, p + total, src, timestampMs, stats);
}

function ipv6(d: Uint8Array, p: number, timestampMs: number, stats: CaptureStats): CapturedDatagram | undefined {
  if (d.length - p < 40) return skipTruncated(stats);
  const src: AddressWords = [0, 0, 0, 0];
  for (let k = 0; k < 4; k++) {
    const o = p + 8 + k * 4;
    src[k] = ((d[o]! << 24) | (d[o + 1]! << 16) | (d[o + 2]! << 8) | d[o + 3]!) >>> 0;
  }
  const end = p + 40 + ((d[p + 4]! << 8) | d[p + 5]!);
  let nh = d[p + 6]!;
  let q = p + 40;
  while (nh === 0 || nh === 43 || nh === 60 || nh === 44) {
    if (d.length - q < 8) return skipTruncated(stats);
    if (nh === 44) {
      stats.fragments++;
      return undefined;
    }
    nh = d[q]!;
    q += (d[q + 1]! + 1) * 8;
  }
  if (nh !== 17) {
    stats.notUdp++;
    return undefined;
  }
  return udp(d, q, end, src, timestampMs, stats);
}

function udp(d: Uint8Array, p: number, ipEnd: number, source: AddressWords, timestampMs: number, stats: CaptureStats): CapturedDatagram | undefined {
  if (d.length - p < 8 || ipEnd > d.length) return skipTruncated(stats);
  const length = (d[p + 4]! << 8) | d[p + 5]!;
  if (length < 8 || p + length > ipEnd) return skipTruncated(stats);
  return {
    timestampMs,
    source,
    sourceText: formatAddress(source[0], source[1], source[2], source[3]),
    sourcePort: (d[p]! << 8) | d[p + 1]!,
    destinationPort: (d[p + 2]! << 8) | d[p + 3]!,
    payload: d.subarray(p + 8, p + length),
  };
}

function skipTruncated(stats: CaptureStats): undefined {
  stats.truncated++;
  return undefined;
}
