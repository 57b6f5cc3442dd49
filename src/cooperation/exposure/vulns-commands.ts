/**
 * `sakimori vulns import|show|runs`: vulnerability sources from files (air-gapped sites, tests).
 *
 * - `vulns import <file...> [--kind <kind>]`: reads each file (gzip is undone), tells its kind from
 *   its content unless `--kind` names it, and imports it; prints what each import read, changed and
 *   skipped. Exit 0 when every file was imported (records skipped inside a file are counted, not
 *   fatal), 1 when a file was refused as a whole (nothing of it stored), 2 when a file cannot be read.
 *   A running platform picks the changes up at its next refresh.
 * - `vulns show <cve>`: the merged record with every field's source, as JSON.
 * - `vulns runs [--limit n]`: the latest imports.
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Clock } from '../../core/clock.js';
import { isSakimoriError } from '../../core/errors.js';
import type { CommandKit } from '../../core/part.js';
import type { Storage } from '../../storage/storage.js';
import { asCveId } from '../../vulns/record.js';
import { DEFAULT_EXPOSURE_CONFIG } from './config.js';
import { documentText } from './document-bytes.js';
import { ERR_VULN_DOCUMENT_KIND, ERR_VULN_NOT_FOUND } from './errors.js';
import { importVulnDocument, VULN_DOCUMENT_KINDS, type VulnDocumentKind } from './vuln-import.js';
import { createVulnStore } from './vuln-store.js';

/**
 * Tells a document's kind from its first bytes: NVD pages say `"format": "NVD_CVE"`, CVE 5 records
 * `"dataType": "CVE_RECORD"`, KEV catalogues have `catalogVersion` (JSON) or a `cveID` column (CSV),
 * EPSS files start with `#model_version`, JVN RSS is RDF and VULDEF has `<VULDEF-Document`.
 */
export function sniffKind(text: string): VulnDocumentKind | undefined {
  const head = text.slice(0, 4096).replace(/^\uFEFF/, '');
  if (head.startsWith('#model_version')) return 'epss';
  if (/^\s*[<]/.test(head)) return /<VULDEF-Document/.test(head) ? 'jvn-vuldef' : /<rdf:RDF/.test(head) ? 'jvn-rss' : undefined;
  if (/^\s*[[{]/.test(head)) {
    if (/"format"\s*:\s*"NVD_CVE"/.test(head) || /"vulnerabilities"\s*:\s*\[\s*{\s*"cve"/.test(head)) return 'nvd';
    if (/"dataType"\s*:\s*"CVE_RECORD"/.test(head)) return 'cve5';
    if (/"catalogVersion"/.test(head)) return 'kev-json';
    return undefined;
  }
  return /^cveID,/.test(head) ? 'kev-csv' : undefined;
}

/** Registers `sakimori vulns`. */
export function registerVulns(program: Command, kit: CommandKit<{ readonly storage: Storage; readonly audit: unknown }>): void {
  const vulns = program.command('vulns').description('vulnerability records: NVD, CVE 5, KEV, EPSS and JVN documents');
  vulns
    .command('import')
    .description('import vulnerability documents (gzip accepted); exit 1 if a file was refused, 2 if one cannot be read')
    .argument('<files...>', 'NVD API 2.0 pages, CVE 5 records, KEV JSON/CSV, EPSS CSV, JVN RSS/VULDEF XML')
    .option('--kind <kind>', `the kind of every file (${VULN_DOCUMENT_KINDS.join(', ')}); told from the content when omitted`)
    .option('--json', 'machine-readable output')
    .action(async (files: string[], flags: { kind?: string; json?: boolean }) => {
      if (flags.kind !== undefined && !(VULN_DOCUMENT_KINDS as readonly string[]).includes(flags.kind)) {
        process.stderr.write(`${new ERR_VULN_DOCUMENT_KIND(`--kind ${JSON.stringify(flags.kind)}`).message}\n`);
        process.exitCode = 2;
        return;
      }
      await kit.withStorage(program, {}, (storage, clock) => importFiles(storage, clock, files, flags.kind as VulnDocumentKind | undefined, flags.json === true, kit));
    });
  vulns
    .command('show')
    .description('print the merged record of a CVE with the source of every field')
    .argument('<cve>', 'CVE id')
    .action(async (cve: string) => {
      await kit.withStorage(program, {}, async (storage, clock) => {
        const id = asCveId(cve);
        const record = id === undefined ? undefined : await createVulnStore(storage.db, { clock }).record(id);
        if (record === undefined) {
          const e = new ERR_VULN_NOT_FOUND(cve);
          process.stderr.write(`${e.code}: ${e.message}\n`);
          process.exitCode = 1;
          return;
        }
        kit.printJson(record);
      });
    });
  vulns
    .command('runs')
    .description('list the latest imports')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'machine-readable output')
    .action(async (flags: { limit: string; json?: boolean }) => {
      await kit.withStorage(program, {}, async (storage, clock) => {
        const runs = await createVulnStore(storage.db, { clock }).runs(Math.max(1, Math.min(1000, Number.parseInt(flags.limit, 10) || 20)));
        if (flags.json === true) return kit.printJson(runs);
        process.stdout.write(
          kit.formatTable(
            ['started', 'source', 'origin', 'outcome', 'read', 'changed', 'skipped'],
            runs.map((r) => [new Date(r.started_at).toISOString(), r.source, r.origin, r.outcome, r.read, r.changed, r.skipped]),
          ),
        );
      });
    });
}

async function importFiles(storage: Storage, clock: Clock, files: readonly string[], kind: VulnDocumentKind | undefined, json: boolean, kit: Pick<CommandKit, 'printJson'>): Promise<void> {
  const store = createVulnStore(storage.db, { clock });
  const results: unknown[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = documentText(await readFile(file), DEFAULT_EXPOSURE_CONFIG.maxDocumentBytes);
    } catch (e) {
      process.stderr.write(`${file}: cannot be read: ${(e as Error).message}\n`);
      process.exitCode = 2;
      continue;
    }
    const k = kind ?? sniffKind(text);
    if (k === undefined) {
      const e = new ERR_VULN_DOCUMENT_KIND(file);
      process.stderr.write(`${e.code}: ${e.message}\n`);
      process.exitCode = 1;
      continue;
    }
    try {
      const { run } = await importVulnDocument(store, clock, { kind: k, text, origin: file });
      results.push({ file, kind: k, ...run });
      if (!json)
        process.stdout.write(
          `${file} (${k}): read ${run.read}, changed ${run.changed}, unchanged ${run.unchanged}, skipped ${run.skipped}${run.skipped > 0 ? ` — first: ${JSON.stringify(run.problems[0])}` : ''}\n`,
        );
    } catch (e) {
      if (!isSakimoriError(e)) throw e;
      process.stderr.write(`${file}: refused, nothing imported: ${e.code}: ${e.message}\n`);
      results.push({ file, kind: k, refused: { code: e.code, message: e.message } });
      process.exitCode = 1;
    }
  }
  if (json) kit.printJson(results);
}
