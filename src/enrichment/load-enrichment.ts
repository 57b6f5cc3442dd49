/**
 * Reads the enrichment data files named in the configuration (gzip-compressed when they end in
 * `.gz`, as RIRs and iptoasn.com publish them) and builds the tables. Paths are relative to the
 * working directory, or to `baseDir` when given.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { EnrichmentConfig } from './config.js';
import { buildEnrichment, type Enrichment, type EnrichmentSource } from './enrichment.js';
import { ERR_ENRICHMENT_FILE_UNREADABLE } from './errors.js';

function read(path: string, baseDir: string | undefined): EnrichmentSource {
  const full = baseDir === undefined ? path : resolve(baseDir, path);
  try {
    const buf = readFileSync(full);
    return { file: path, text: (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8') };
  } catch (e) {
    throw new ERR_ENRICHMENT_FILE_UNREADABLE(path, (e as Error).message, { cause: e });
  }
}

/**
 * Loads the configured files; undefined when none are configured.
 *
 * @throws `SAKIMORI_ERR_ENRICHMENT_FILE_UNREADABLE` or `SAKIMORI_ERR_ENRICHMENT_FILE`; nothing is
 *   loaded then.
 */
export function loadEnrichment(config: EnrichmentConfig, baseDir?: string): Enrichment | undefined {
  if (config.rirDelegated.length === 0 && config.ip2asn.length === 0) return undefined;
  return buildEnrichment({ rirDelegated: config.rirDelegated.map((p) => read(p, baseDir)), ip2asn: config.ip2asn.map((p) => read(p, baseDir)) });
}
