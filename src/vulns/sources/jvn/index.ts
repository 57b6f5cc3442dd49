/**
 * JVN (Japan Vulnerability Notes / JVN iPedia) through MyJVN: the overview RSS and the VULDEF detail
 * read into {@link JvnFacts}, CPE 2.2 names normalised to 2.3, and the Japanese (or English)
 * free-text version statements read into ranges where that can be done without guessing. Pure; the
 * caller fetches the documents and follows the paging.
 */
export type { SkippedJvnItem } from './jvn-item.js';
export type { JvnStatus } from './jvn-status.js';
export { type JvnVersionContext, type JvnVersionText, parseJvnVersionText } from './parse-jvn-version-text.js';
export { type JvnOverview, readJvnRss } from './read-jvn-rss.js';
export { type JvnDetail, readJvnVuldef } from './read-jvn-vuldef.js';
export { DEFAULT_MAX_BYTES, type JvnLimits } from './xml-document.js';
