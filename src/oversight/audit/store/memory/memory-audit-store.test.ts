import { runAuditStoreContract } from '../testing/audit-store-contract.js';
import { MemoryAuditStore } from './memory-audit-store.js';

runAuditStoreContract('memory', () => new MemoryAuditStore());
