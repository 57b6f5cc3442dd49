/** Prioritisation of findings: the CVSS score chosen and recomputed, and the documented priority formula. */
export { type ChosenCvss, chooseCvss, computeBaseScore } from './cvss-score.js';
export { type Certainty, type ObservedExposure, type Priority, type PriorityInput, prioritise, ROLE_POINTS, SERVICE_PORTS } from './priority.js';
