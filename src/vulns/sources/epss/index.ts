/**
 * FIRST's Exploit Prediction Scoring System: the daily score file read into {@link EpssScore}s with
 * the model version and day they belong to. Pure; the caller fetches and decompresses the file.
 */
export { type EpssFile, readEpssCsv, type SkippedEpssRow } from './read-epss-csv.js';
