/**
 * CPE 2.3 names: the WFN model, its two bindings (NISTIR 7695) and name matching (NISTIR 7696).
 * Pure functions; malformed names give `SAKIMORI_ERR_CPE_MALFORMED` error values.
 */
export { MAX_CPE_LENGTH, normaliseCpe, parseCpe } from './cpe-name.js';
export { bindToFs, FS_PREFIX, unbindFs } from './formatted-string.js';
export { type CpeComparison, type CpeRelation, compareValues, compareWfns, isDisjoint, isEqual, isSubset, isSuperset } from './match.js';
export { bindToUri, URI_PREFIX, unbindUri } from './uri.js';
export { ANY, CPE_ATTRIBUTES, type CpeAttribute, createWfn, NA, unquote, type Wfn, type WfnValue, wfnString, wfnValueProblem } from './wfn.js';
