/**
 * The demo's vulnerability records (`scenarios/demo-vulns/`: an NVD page, KEV entries, an
 * illustrative EPSS file), imported at start so that the demo operators' exposure shows at once. A
 * second start finds them unchanged and changes nothing.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { VulnDocument, VulnDocumentKind } from '../cooperation/exposure/vuln-import.js';

const FILES: readonly [string, VulnDocumentKind][] = [
  ['nvd-page.json', 'nvd'],
  ['kev.json', 'kev-json'],
  ['epss.csv', 'epss'],
];

/** Reads the demo's documents. */
export async function demoVulnDocuments(): Promise<VulnDocument[]> {
  return Promise.all(
    FILES.map(async ([name, kind]) => {
      const path = fileURLToPath(new URL(`../../scenarios/demo-vulns/${name}`, import.meta.url));
      return { kind, text: await readFile(path, 'utf8'), origin: `scenarios/demo-vulns/${name}` };
    }),
  );
}
