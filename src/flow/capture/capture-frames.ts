/**
 * Reads the frames of a pcap (libpcap "tcpdump" format, any byte order, micro- or nanosecond
 * timestamps) or pcapng (Section Header, Interface Description, Enhanced/Simple/obsolete Packet
 * Blocks; several sections and interfaces; `if_tsresol`) file held in memory.
 *
 * Pure: takes the file's bytes, no I/O.
 */
import { defineError } from '../../core/errors.js';

/** The bytes are neither pcap nor pcapng. */
export const ERR_CAPTURE_FORMAT = defineError<[string]>('SAKIMORI_ERR_CAPTURE_FORMAT', 'not a pcap or pcapng capture: %s', 400);

/** One captured frame: a view into the file, not a copy. */
export interface CapturedFrame {
  /** Capture time, ms since the epoch (fractional). */
  readonly timestampMs: number;
  /** LINKTYPE_* value of the interface the frame was captured on. */
  readonly linkType: number;
  /** The captured bytes (possibly shorter than on the wire). */
  readonly data: Uint8Array;
  /** The frame's length on the wire. */
  readonly originalLength: number;
}

const PCAP_MAGIC_US = 0xa1b2c3d4;
const PCAP_MAGIC_NS = 0xa1b23c4d;
const PCAPNG_SHB = 0x0a0d0d0a;
const PCAPNG_BYTE_ORDER = 0x1a2b3c4d;

/** True when the bytes start like a pcap or pcapng file. */
export function isCapture(file: Uint8Array): boolean {
  if (file.length < 4) return false;
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const le = v.getUint32(0, true);
  const be = v.getUint32(0, false);
  return be === PCAPNG_SHB || le === PCAP_MAGIC_US || le === PCAP_MAGIC_NS || be === PCAP_MAGIC_US || be === PCAP_MAGIC_NS;
}

/**
 * Iterates the frames of a capture. Throws {@link ERR_CAPTURE_FORMAT} at once (not lazily) when
 * the file is not a capture; a capture cut short ends the iteration at the last whole frame and
 * sets `truncated`.
 */
export class CaptureFrames implements Iterable<CapturedFrame> {
  /** True when the file ended inside a record. */
  truncated = false;
  readonly #file: Uint8Array;
  readonly #view: DataView;
  readonly #pcapng: boolean;

  constructor(file: Uint8Array) {
    if (!isCapture(file)) throw new ERR_CAPTURE_FORMAT(file.length < 4 ? 'file too short' : 'unknown magic number');
    this.#file = file;
    this.#view = new DataView(file.buffer, file.byteOffset, file.byteLength);
    this.#pcapng = this.#view.getUint32(0, false) === PCAPNG_SHB;
    if (!this.#pcapng && file.length < 24) throw new ERR_CAPTURE_FORMAT('pcap header truncated');
    if (this.#pcapng && file.length < 28) throw new ERR_CAPTURE_FORMAT('pcapng section header truncated');
  }

  [Symbol.iterator](): Iterator<CapturedFrame> {
    return this.#pcapng ? this.#ng() : this.#pcap();
  }

  *#pcap(): Generator<CapturedFrame> {
    const v = this.#view;
    const magicLe = v.getUint32(0, true);
    const le = magicLe === PCAP_MAGIC_US || magicLe === PCAP_MAGIC_NS;
    const nano = (le ? magicLe : v.getUint32(0, false)) === PCAP_MAGIC_NS;
    const linkType = v.getUint32(20, le) & 0x0fffffff; // upper bits carry FCS info (pcap-linktype)
    let p = 24;
    while (p < this.#file.length) {
      if (this.#file.length - p < 16) {
        this.truncated = true;
        return;
      }
      const sec = v.getUint32(p, le);
      const frac = v.getUint32(p + 4, le);
      const caplen = v.getUint32(p + 8, le);
      const origlen = v.getUint32(p + 12, le);
      p += 16;
      if (caplen > this.#file.length - p) {
        this.truncated = true;
        return;
      }
      const timestampMs = sec * 1000 + (nano ? frac / 1e6 : frac / 1e3);
      yield { timestampMs, linkType, data: this.#file.subarray(p, p + caplen), originalLength: origlen };
      p += caplen;
    }
  }

  *#ng(): Generator<CapturedFrame> {
    const v = this.#view;
    const file = this.#file;
    let le = true;
    let links: number[] = [];
    let resolutions: number[] = [];
    let p = 0;
    while (p < file.length) {
      if (file.length - p < 12) {
        this.truncated = true;
        return;
      }
      const type = v.getUint32(p, le);
      if (v.getUint32(p, false) === PCAPNG_SHB) {
        // Section Header Block: its byte-order magic fixes the byte order of the section.
        le = v.getUint32(p + 8, true) === PCAPNG_BYTE_ORDER;
        if (!le && v.getUint32(p + 8, false) !== PCAPNG_BYTE_ORDER) throw new ERR_CAPTURE_FORMAT('bad pcapng byte-order magic');
        links = [];
        resolutions = [];
      }
      const length = v.getUint32(p + 4, le);
      if (length < 12 || length % 4 !== 0 || length > file.length - p) {
        this.truncated = true;
        return;
      }
      const body = p + 8;
      const bodyEnd = p + length - 4;
      if (type === 1 && bodyEnd - body >= 8) {
        links.push(v.getUint16(body, le));
        resolutions.push(tsResolution(v, body + 8, bodyEnd, le));
      } else if ((type === 6 || type === 2) && bodyEnd - body >= 20) {
        const iface = type === 6 ? v.getUint32(body, le) : v.getUint16(body, le);
        const ts = v.getUint32(body + 4, le) * 4294967296 + v.getUint32(body + 8, le);
        const caplen = v.getUint32(body + 12, le);
        const origlen = v.getUint32(body + 16, le);
        const data = body + 20;
        const linkType = links[iface];
        if (linkType !== undefined && caplen <= bodyEnd - data) {
          yield { timestampMs: ts * resolutions[iface]! * 1000, linkType, data: file.subarray(data, data + caplen), originalLength: origlen };
        }
      } else if (type === 3 && bodyEnd - body >= 4 && links.length > 0) {
        // Simple Packet Block: interface 0, no timestamp.
        const origlen = v.getUint32(body, le);
        const caplen = Math.min(origlen, bodyEnd - body - 4);
        yield { timestampMs: 0, linkType: links[0]!, data: file.subarray(body + 4, body + 4 + caplen), originalLength: origlen };
      }
      p += length;
    }
  }
}

/** Seconds per timestamp unit from the `if_tsresol` option (code 9), default microseconds. */
function tsResolution(v: DataView, p: number, end: number, le: boolean): number {
  while (end - p >= 4) {
    const code = v.getUint16(p, le);
    const len = v.getUint16(p + 2, le);
    if (code === 0) break;
    if (code === 9 && len >= 1 && end - p >= 5) {
      const r = v.getUint8(p + 4);
      return r & 0x80 ? 2 ** -(r & 0x7f) : 10 ** -r;
    }
    p += 4 + ((len + 3) & ~3);
  }
  return 1e-6;
}
