/**
 * The in-memory audit store against the audit store contract: the assertions live in the shared
 * suite (`../testing/audit-store-contract.ts`), which the SQL store runs too (SQLite, PostgreSQL).
 */
import { runAuditStoreContract } from '../testing/audit-store-contract.js';
import { MemoryAuditStore } from './memory-audit-store.js';

runAuditStoreContract('memory', () => new MemoryAuditStore());
