import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress, prefixContains, type AddressWords } from '../core/ip.js';
import { normalizeIndicator, type Indicator, type IndicatorInput } from './indicator.js';
import { IndicatorMatcher, MatchBuffer, MatchSide } from './indicator-matcher.js';
import { flows } from './testing/flows.js';

function matcher(inputs: readonly IndicatorInput[]): IndicatorMatcher {
  return new IndicatorMatcher(inputs.map((i) => normalizeIndicator(i, 'test')));
}

/** Key of the indicator matching `address` (with port and protocol), or undefined. */
function keyFor(m: IndicatorMatcher, address: string, port = 0, protocol = 6): string | undefined {
  const w = parseAddress(address);
  const i = m.match(w[0], w[1], w[2], w[3], port, protocol);
  return i < 0 ? undefined : m.indicators[i]!.key;
}

describe('indicator matcher', () => {
  it('matches IPv4 addresses exactly and nothing next to them', () => {
    const m = matcher([{ value: '45.32.13.180' }, { value: '5.8.95.174' }, { value: '103.175.16.39' }]);
    expect(keyFor(m, '45.32.13.180')).toBe('45.32.13.180');
    expect(keyFor(m, '103.175.16.39')).toBe('103.175.16.39');
    expect(keyFor(m, '45.32.13.181')).toBeUndefined();
    expect(keyFor(m, '45.32.13.179')).toBeUndefined();
    expect(keyFor(m, '5.8.95.175')).toBeUndefined();
    // The same low 32 bits in IPv6 are another address.
    expect(keyFor(m, '::2d20:db4')).toBeUndefined();
    expect(keyFor(m, '2001:db8::2d20:db4')).toBeUndefined();
  });

  it('picks the most specific of nested IPv4 prefixes, short ones included', () => {
    const m = matcher([{ value: '10.0.0.0/8' }, { value: '10.1.0.0/16' }, { value: '10.1.2.0/24' }, { value: '10.1.2.3' }, { value: '10.1.2.128/25' }, { value: '0.0.0.0/1' }]);
    expect(keyFor(m, '10.1.2.3')).toBe('10.1.2.3');
    expect(keyFor(m, '10.1.2.4')).toBe('10.1.2.0/24');
    expect(keyFor(m, '10.1.2.200')).toBe('10.1.2.128/25');
    expect(keyFor(m, '10.1.3.1')).toBe('10.1.0.0/16');
    expect(keyFor(m, '10.200.0.1')).toBe('10.0.0.0/8');
    expect(keyFor(m, '11.0.0.1')).toBe('0.0.0.0/1');
    expect(keyFor(m, '128.0.0.1')).toBeUndefined();
  });

  it('matches IPv6 addresses and prefixes, most specific first', () => {
    const m = matcher([{ value: '2001:db8:f000::/36' }, { value: '2001:db8:f000:1::/64' }, { value: '2001:db8:f000:1::66' }, { value: '2400::/12' }, { value: '2001:db8:bad::/48' }]);
    expect(keyFor(m, '2001:db8:f000:1::66')).toBe('2001:db8:f000:1::66');
    expect(keyFor(m, '2001:db8:f000:1::67')).toBe('2001:db8:f000:1::/64');
    expect(keyFor(m, '2001:db8:f000:2::1')).toBe('2001:db8:f000::/36');
    expect(keyFor(m, '2001:db8:e000::1')).toBeUndefined();
    expect(keyFor(m, '240f:1::1')).toBe('2400::/12');
    expect(keyFor(m, '2410::1')).toBeUndefined();
    expect(keyFor(m, '2001:db8:bad:ffff::1')).toBe('2001:db8:bad::/48');
    // IPv4 traffic never matches an IPv6 indicator.
    expect(keyFor(m, '32.1.13.184')).toBeUndefined();
  });

  it('takes IPv4-mapped IPv6 indicators as IPv4', () => {
    const m = matcher([{ value: '::ffff:198.51.100.0/120' }]);
    expect(m.indicators[0]!.value).toBe('198.51.100.0/24');
    expect(keyFor(m, '198.51.100.77')).toBe('198.51.100.0/24');
  });

  it('honours port and protocol, and falls back to less specific indicators that accept them', () => {
    const m = matcher([
      { value: '103.175.16.39', port: 443, protocol: 'tcp', label: 'C2 https' },
      { value: '103.175.16.39', port: 443 },
      { value: '103.175.16.39', protocol: 'udp' },
      { value: '103.175.16.0/24' },
      { value: '45.32.13.180', port: 8443 },
    ]);
    expect(keyFor(m, '103.175.16.39', 443, 6)).toBe('103.175.16.39,443,tcp');
    expect(keyFor(m, '103.175.16.39', 443, 132)).toBe('103.175.16.39,443');
    expect(keyFor(m, '103.175.16.39', 53, 17)).toBe('103.175.16.39,,udp');
    expect(keyFor(m, '103.175.16.39', 80, 6)).toBe('103.175.16.0/24');
    expect(keyFor(m, '45.32.13.180', 8443, 6)).toBe('45.32.13.180,8443');
    expect(keyFor(m, '45.32.13.180', 443, 6)).toBeUndefined();
    // -1 asks "any port": tools listing what an address matches.
    expect(keyFor(m, '45.32.13.180', -1, -1)).toBe('45.32.13.180,8443');
  });

  it('agrees with a brute-force search on random nested prefixes of both families', () => {
    // mulberry32: every bit usable (an LCG's low bits cycle with tiny periods).
    let seed = 12345;
    const rnd = (): number => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    };
    // IPv6 words from a small pool, so prefixes share long beginnings and branch in every word.
    const pick = (): number => [0, 0x80000000, 0x00000001, 0x7fff0000, rnd()][rnd() % 5]!;
    const inputs: IndicatorInput[] = [];
    for (let k = 0; k < 600; k++) {
      const v4 = k % 2 === 0;
      // Few distinct top bits so prefixes nest and collide often.
      const base = v4 ? [0, 0, 0xffff, (0x0a000000 | (rnd() & 0x0003ffff)) >>> 0] : [0x20010db8, pick(), pick(), pick()];
      const len = v4 ? 8 + (rnd() % 25) : 12 + (rnd() % 117);
      const port = rnd() % 4 === 0 ? 443 : null;
      inputs.push({ value: prefixText(base as AddressWords, v4 ? len + 96 : len), port });
    }
    const m = matcher(inputs);
    const all = m.indicators;
    for (let k = 0; k < 20000; k++) {
      const v4 = k % 2 === 0;
      let w: AddressWords = v4 ? [0, 0, 0xffff, (0x0a000000 | (rnd() & 0x0003ffff)) >>> 0] : [0x20010db8, pick(), pick(), pick()];
      if (k % 4 < 2) {
        // Half the addresses fall inside a listed prefix, with random host bits.
        const p = all[rnd() % all.length]!.prefix;
        const host = [rnd(), rnd(), rnd(), rnd()];
        w = p.words.map((x, j) => {
          const bits = Math.max(0, Math.min(32, p.length - 32 * j));
          const m = bits === 0 ? 0 : bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
          return ((x & m) | (host[j]! & ~m)) >>> 0;
        }) as AddressWords;
      }
      const port = rnd() % 2 === 0 ? 443 : 80;
      const got = m.match(w[0], w[1], w[2], w[3], port, 6);
      expect(got < 0 ? undefined : all[got]!.key, formatAddress(...w)).toBe(bruteForce(all, w, port));
    }
  });

  it('builds the same matcher in paced slices as at once, pausing between them', async () => {
    let seed = 777;
    const rnd = (): number => {
      seed = (seed + 0x6d2b79f5) >>> 0;
      let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    };
    const inputs: IndicatorInput[] = [];
    for (let k = 0; k < 30_000; k++) {
      const v4 = k % 3 !== 0;
      const len = v4 ? 8 + (rnd() % 25) : 20 + (rnd() % 109);
      const base: AddressWords = v4 ? [0, 0, 0xffff, (0x0a000000 | (rnd() & 0x00ffffff)) >>> 0] : [0x20010db8, rnd() & 0xff000000, rnd(), rnd()];
      inputs.push({ value: prefixText(base, v4 ? len + 96 : len), port: rnd() % 4 === 0 ? 443 : null, protocol: rnd() % 5 === 0 ? 'udp' : null });
    }
    const indicators = [...new Map(inputs.map((i) => normalizeIndicator(i, 'test')).map((i) => [i.key, i])).values()];
    const atOnce = new IndicatorMatcher(indicators, 1);
    let pauses = 0;
    const paced = await IndicatorMatcher.build(indicators, 1, {
      sliceMs: 0,
      pause: async () => {
        pauses++;
      },
    });
    // A pause after every step of about 4096 units of work.
    expect(pauses).toBeGreaterThan(indicators.length / 4096);
    expect(paced.nodes).toEqual(atOnce.nodes);
    for (let k = 0; k < 50_000; k++) {
      const w: AddressWords = k % 3 !== 0 ? [0, 0, 0xffff, (0x0a000000 | (rnd() & 0x00ffffff)) >>> 0] : [0x20010db8, rnd() & 0xff000000, rnd(), rnd()];
      const port = k % 2 === 0 ? 443 : 80;
      const proto = k % 3 === 0 ? 17 : 6;
      expect(paced.match(w[0], w[1], w[2], w[3], port, proto)).toBe(atOnce.match(w[0], w[1], w[2], w[3], port, proto));
    }
  });

  it('scans both ends of every record of a batch and reports which end matched', () => {
    const m = matcher([{ value: '45.32.13.180' }, { value: '2001:db8:bad::/48' }]);
    const batch = flows([
      { src: '192.0.2.10', dst: '172.16.0.1', dstPort: 443, startMs: 1 },
      { src: '192.0.2.10', dst: '45.32.13.180', srcPort: 50000, dstPort: 8443, startMs: 2 },
      { src: '45.32.13.180', dst: '192.0.2.10', srcPort: 8443, dstPort: 50000, startMs: 3 },
      { src: '2001:db8:bad::1', dst: '45.32.13.180', startMs: 4 },
    ]);
    const out = new MatchBuffer();
    expect(m.scan(batch, out)).toBe(4);
    const got = Array.from({ length: out.length }, (_, k) => [out.records[k], out.sides[k], m.indicators[out.indicators[k]!]!.key]);
    expect(got).toEqual([
      [1, MatchSide.Destination, '45.32.13.180'],
      [2, MatchSide.Source, '45.32.13.180'],
      [3, MatchSide.Destination, '45.32.13.180'],
      [3, MatchSide.Source, '2001:db8:bad::/48'],
    ]);
  });

  it('uses the port on the indicator side of the flow', () => {
    const m = matcher([{ value: '45.32.13.180', port: 8443, protocol: 'tcp' }]);
    const batch = flows([
      // Host → C2:8443 (matches), C2:8443 → host (matches), host:8443 → C2:50000 (does not).
      { src: '192.0.2.10', dst: '45.32.13.180', srcPort: 50000, dstPort: 8443, startMs: 1 },
      { src: '45.32.13.180', dst: '192.0.2.10', srcPort: 8443, dstPort: 50000, startMs: 2 },
      { src: '192.0.2.10', dst: '45.32.13.180', srcPort: 8443, dstPort: 50000, startMs: 3 },
    ]);
    const out = new MatchBuffer();
    expect(m.scan(batch, out)).toBe(2);
    expect([out.records[0], out.records[1]]).toEqual([0, 1]);
  });
});

/** Indicator text of the prefix of `words` with `length` bits (128-bit space). */
function prefixText(words: AddressWords, length: number): string {
  const masked = maskTo(words, length);
  return words[2] === 0xffff && words[0] === 0 ? `${formatAddress(...masked)}/${length - 96}` : `${formatAddress(...masked)}/${length}`;
}

function maskTo(w: AddressWords, length: number): AddressWords {
  return w.map((x, k) => {
    const bits = Math.max(0, Math.min(32, length - 32 * k));
    return bits === 0 ? 0 : bits === 32 ? x : (x & (0xffffffff << (32 - bits))) >>> 0;
  }) as AddressWords;
}

/** The most specific indicator accepting the port, by checking every one. */
function bruteForce(all: readonly Indicator[], w: AddressWords, port: number): string | undefined {
  let best: Indicator | undefined;
  for (const ind of all) {
    if (!prefixContains(ind.prefix, w[0], w[1], w[2], w[3])) continue;
    if (ind.port !== null && ind.port !== port) continue;
    if (best === undefined || ind.prefix.length > best.prefix.length || (ind.prefix.length === best.prefix.length && ind.port !== null && best.port === null)) best = ind;
  }
  return best?.key;
}
