/**
 * Offline enrichment of addresses with country, AS number and AS name, for the attackers list and
 * anything else that shows an outside address: country from RIR delegated statistics files, AS
 * from ip2asn-style TSV files (whose country fills in where no RIR file is loaded). Everything is
 * parsed and checked before an {@link Enrichment} exists, so a bad file loads nothing.
 *
 * @example
 * ```ts
 * const enrichment = buildEnrichment({ rirDelegated: [{ file, text }], ip2asn: [{ file, text }] });
 * enrichment.lookup(0, 0, 0xffff, 0x64400001); // { country: 'XA', asn: 64512, asName: '…' }
 * createDetector(config.detection, { ...deps, enrich: enrichment.forDetection });
 * ```
 *
 * Pure: no I/O (see `load-enrichment.ts`).
 */
import type { AddressWords } from '../core/ip.js';
import { AsTable, parseIp2Asn } from './ip2asn.js';
import { RangeTableBuilder, type RangeTable } from './range-table.js';
import { CountryCodes, parseRirDelegated } from './rir-delegated.js';

/** What is known about an address; each field absent when unknown. */
export interface EnrichmentResult {
  /** ISO 3166 alpha-2 code (`JP`), from the RIR files, else the ip2asn file. */
  readonly country?: string;
  readonly asn?: number;
  readonly asName?: string;
}

/** One data file's name (for messages) and content. */
export interface EnrichmentSource {
  readonly file: string;
  readonly text: string;
}

/** Row counts of the loaded data, for logs. */
export interface EnrichmentStats {
  readonly countryRanges: { readonly v4: number; readonly v6: number };
  readonly asRanges: { readonly v4: number; readonly v6: number };
  readonly autonomousSystems: number;
}

/** Compiled enrichment tables. */
export class Enrichment {
  readonly #countries: RangeTable;
  readonly #codes: readonly string[];
  readonly #as: RangeTable;
  readonly #asTable: AsTable;

  constructor(countries: RangeTable, codes: readonly string[], as: RangeTable, asTable: AsTable) {
    this.#countries = countries;
    this.#codes = codes;
    this.#as = as;
    this.#asTable = asTable;
  }

  /** Country, AS number and AS name of an address (four words, IPv4 mapped). */
  lookup(w0: number, w1: number, w2: number, w3: number): EnrichmentResult {
    const c = this.#countries.lookup(w0, w1, w2, w3);
    const a = this.#as.lookup(w0, w1, w2, w3);
    const country = c >= 0 ? this.#codes[c] : a >= 0 ? this.#asTable.countries[a] : undefined;
    if (a < 0) return country === undefined ? {} : { country };
    const asName = this.#asTable.names[a]!;
    return { ...(country === undefined ? {} : { country }), asn: this.#asTable.numbers[a]!, ...(asName === '' ? {} : { asName }) };
  }

  /** The shape detection's attacker lists take (`EnrichFunction`); undefined when nothing is known. */
  readonly forDetection = (words: Readonly<AddressWords>): EnrichmentResult | undefined => {
    const r = this.lookup(words[0], words[1], words[2], words[3]);
    return r.country === undefined && r.asn === undefined ? undefined : r;
  };

  /** Sizes of the loaded tables. */
  get stats(): EnrichmentStats {
    return { countryRanges: this.#countries.size, asRanges: this.#as.size, autonomousSystems: this.#asTable.numbers.length };
  }
}

/**
 * Parses every file and builds the tables.
 *
 * @throws `SAKIMORI_ERR_ENRICHMENT_FILE` naming the file, line and field of the first error
 *   (overlapping ranges included).
 */
export function buildEnrichment(sources: { readonly rirDelegated?: readonly EnrichmentSource[]; readonly ip2asn?: readonly EnrichmentSource[] }): Enrichment {
  const countries = new CountryCodes();
  const countryRanges = new RangeTableBuilder();
  for (const s of sources.rirDelegated ?? []) parseRirDelegated(s.text, s.file, countryRanges, countries);
  const asTable = new AsTable();
  const asRanges = new RangeTableBuilder();
  for (const s of sources.ip2asn ?? []) parseIp2Asn(s.text, s.file, asRanges, asTable);
  return new Enrichment(countryRanges.build(), countries.codes, asRanges.build(), asTable);
}
