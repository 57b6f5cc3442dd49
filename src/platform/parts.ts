/**
 * The list of parts: every part's descriptor (`core/part.ts`), one line each. Storage's migrations,
 * the configuration schema, retention's targets, the bus's subject catalogue, the CLI's commands,
 * the transparency report and the docs generator are all assembled from this list — adding a part
 * means writing its `part.ts` and adding it here.
 */
import { accountsPart } from '../accounts/part.js';
import { apiPart } from '../api/part.js';
import { bgpPart } from '../bgp/part.js';
import { busPart } from '../bus/part.js';
import { collectorPart } from '../collector/part.js';
import { cooperationPart } from '../cooperation/part.js';
import { detectionPart } from '../detection/part.js';
import { enrichmentPart } from '../enrichment/part.js';
import { eventsPart } from '../events/part.js';
import { flowPart } from '../flow/part.js';
import { intelPart } from '../intel/part.js';
import { operationsPart } from '../operations/part.js';
import { oversightPart } from '../oversight/part.js';
import { privacyPart } from '../privacy/part.js';
import { registryPart } from '../registry/part.js';
import { simulatorPart } from '../simulator/part.js';
import { stixPart } from '../stix/part.js';
import { storagePart } from '../storage/part.js';
import { vulnsPart } from '../vulns/part.js';

/** Every part, upstream first (the order configuration sections are documented in). */
export const PARTS = [
  flowPart,
  simulatorPart,
  stixPart,
  vulnsPart,
  storagePart,
  busPart,
  bgpPart,
  registryPart,
  collectorPart,
  detectionPart,
  enrichmentPart,
  eventsPart,
  intelPart,
  cooperationPart,
  operationsPart,
  oversightPart,
  accountsPart,
  privacyPart,
  apiPart,
] as const;

/** The descriptors' types, as a tuple. */
export type Parts = typeof PARTS;
