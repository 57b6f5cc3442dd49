/**
 * Public API of lawful countermeasures, for the composition root and the HTTP API: the component
 * and its services, the configuration section, the input schemas, the events and the interfaces
 * the platform implements for it (attacks, audit sink, registry view, executors).
 */
export { OperationsConfigSchema, type OperationsConfig, type NetworkOwner } from './config.js';
export { createOperations, registryView, Operations, ERR_OPERATIONS_NOT_STARTED, type OperationsDeps } from './operations.js';
export { createDefaultExecutors, type ExecutorDeps } from './executors/index.js';
export type { AttackLookup, AttackView, AttackerView } from './attacks.js';
export type { AuditSink } from './audit.js';
export type { RegistryView, RegistryNetwork } from './services/context.js';
export type { Executor, AnyExecutor, ExecutionContext, ExecutorRule } from './execution/executor.js';
export type { RouteSpeaker } from './executors/bgp/bgp-rules.js';
export { CaseInputSchema, type CaseDetail, CaseService } from './services/case-service.js';
export { RequestService } from './services/request-service.js';
export { ApprovalService, VoteInputSchema, GateInputSchema } from './services/approval-service.js';
export { EmergencyService, ReviewInputSchema } from './services/emergency-service.js';
export { ExecutionService, OutcomeInputSchema } from './services/execution-service.js';
export type { RequestView, RequestSummary } from './services/request-view.js';
export { RequestInputSchema, type CountermeasureRequest, type RequestState, type GateKind } from './requests/request.js';
export { ActionInputSchema, type ActionInput } from './catalogue/action-schema.js';
export { CATALOGUE, MECHANISMS, type Mechanism, type CatalogueEntry } from './catalogue/mechanism.js';
export type { CountermeasureAction } from './catalogue/action.js';
export type { Case, CaseEvidence, CaseNote, CaseState, EvidenceKind } from './cases/case.js';
export type { Execution, ExecutionTarget, ExecutionState, TargetState } from './execution/execution.js';
export { OPERATIONS_SUBJECTS, type CaseOpenedEvent, type CaseTransitionedEvent, type RequestEvent, type EmergencyEvent, type ExecutionEvent } from './events.js';
