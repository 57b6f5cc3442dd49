/**
 * The CISA Known Exploited Vulnerabilities catalogue: its JSON and CSV forms read into the same
 * {@link KevEntry} list (bad entries skipped and counted), and the difference between two releases.
 * Pure functions; the caller fetches the files.
 */
export { type KevChange, type KevDiff, diffKev } from './diff-kev.js';
export { KEV_FIELDS, type KevCatalogue, type SkippedKevEntry } from './kev-entry.js';
export { type CsvResult, type CsvRow, readCsv } from './read-csv.js';
export { readKevCsv } from './read-kev-csv.js';
export { readKevJson } from './read-kev-json.js';
