/**
 * Oversight's descriptor: the audit log, the commission's inspections and directives, access
 * records and case scopes, monitoring flags, selection counters and retention receipts; the
 * `oversight` and `audit` configuration sections; and the personal data it keeps itself, for
 * retention (see `core/part.ts`).
 */
import { definePart } from '../core/part.js';
import { AuditConfigSchema } from './audit/config.js';
import * as auditErrors from './audit/errors.js';
import { OversightConfigSchema } from './config.js';
import * as errors from './errors.js';
import * as m0004 from './migrations/0004-oversight.js';
import * as m0008 from './migrations/0008-audit-outbox.js';
import * as m0010 from './migrations/0010-case-scope.js';
import { registerAudit } from './commands/audit-command.js';
import { registerReport } from './commands/report-command.js';
import { registerRetention } from './commands/retention-command.js';

/** The oversight part. */
export const oversightPart = definePart({
  name: 'oversight',
  migrations: { '0004-oversight': m0004, '0008-audit-outbox': m0008, '0010-case-scope': m0010 },
  config: { audit: AuditConfigSchema, oversight: OversightConfigSchema },
  retention: [
    { dataClass: 'case_personal', table: 'data_access_lookups', timeColumn: 'at', idColumns: ['access_id', 'mac'] },
    { dataClass: 'case_personal', table: 'case_access_scopes', timeColumn: 'to_ms', idColumns: ['id'] },
    { dataClass: 'exporter_stats', table: 'selection_counters', timeColumn: 'period_start', idColumns: ['exporter', 'period_start'] },
  ],
  errors: [errors, auditErrors],
  commands: [registerAudit, registerReport, registerRetention],
});
