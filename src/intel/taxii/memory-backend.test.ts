import { runTaxiiBackendContract } from './testing/backend-contract.js';
import { createMemoryTaxiiBackend } from './memory-backend.js';

runTaxiiBackendContract('memory', (seed, now) => createMemoryTaxiiBackend(seed, { now }));
