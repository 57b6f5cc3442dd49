/**
 * NVD CVE API 2.0: records read into `NvdFacts`, pages checked against NVD's offset paging, and the
 * query strings and offsets a poller needs. Pure functions; bad records give
 * `SAKIMORI_ERR_VULN_RECORD_MALFORMED`, bad pages and queries `SAKIMORI_ERR_VULN_SOURCE_MALFORMED`.
 */
export { type CvssVersion, cvssVectorProblem } from './cvss-metric.js';
export { NVD_MAX_RANGE_DAYS, NVD_MAX_RESULTS_PER_PAGE, type NvdQuery, nextStartIndex, nvdQuery } from './nvd-page-plan.js';
export { type NvdRecordPlace, parseNvdRecord } from './parse-nvd-record.js';
export { type NvdPage, type NvdPageExpectation, readNvdPage } from './read-nvd-page.js';
