/** Vulnerabilities' descriptor: product identities (CPE 2.3, Package URL), pure so far — only error codes (see `core/part.ts`). */
import { definePart } from '../core/part.js';
import * as errors from './errors.js';

/** The vulns part. */
export const vulnsPart = definePart({
  name: 'vulns',
  errors: [errors],
});
