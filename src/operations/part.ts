/**
 * Operations' descriptor: cases, countermeasure requests, votes and executions, the bus subjects
 * of their lifecycle, and the countermeasure figures of the transparency report (see `core/part.ts`).
 */
import { definePart } from '../core/part.js';
import { OperationsConfigSchema } from './config.js';
import * as errors from './errors.js';
import * as smtpClient from './executors/notices/smtp-client.js';
import * as m0003 from './migrations/0003-operations.js';
import * as operations from './operations.js';
import { OPERATIONS_BUS_SUBJECTS } from './subjects.js';
import { OPERATIONS_TRANSPARENCY } from './transparency.js';

/** The operations part. */
export const operationsPart = definePart({
  name: 'operations',
  migrations: { '0003-operations': m0003 },
  config: { operations: OperationsConfigSchema },
  subjects: OPERATIONS_BUS_SUBJECTS,
  errors: [errors, operations, smtpClient],
  transparency: OPERATIONS_TRANSPARENCY,
});
