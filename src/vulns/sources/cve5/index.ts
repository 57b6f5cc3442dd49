/**
 * CVE JSON 5.x records (CVE Record Format): the CNA and ADP containers read into `Cve5Facts`, with
 * each product's versions unfolded into ranges and its package collection turned into a purl where
 * the ecosystem is known. Pure functions; bad records give `SAKIMORI_ERR_VULN_RECORD_MALFORMED`.
 */
export { collectionPurl } from './collection-purl.js';
export { type Cve5Expectation, parseCve5Record } from './parse-cve5-record.js';
