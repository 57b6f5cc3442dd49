/**
 * Entry point of the semantic MUST rules: those shared by every object, then the type's own.
 */
import { checkCommonRules } from './common-rules.js';
import { checkDomainRules } from './domain-rules.js';
import type { ObjectContext } from './finding-sink.js';
import { SCO_TYPES } from './object-catalogue.js';
import { checkObservableRules } from './observable-rules.js';

/** Applies every semantic rule that concerns an object of type `type`. */
export function checkSemantics(ctx: ObjectContext, type: string): void {
  checkCommonRules(ctx, type);
  if (SCO_TYPES.has(type)) checkObservableRules(ctx, type);
  else checkDomainRules(ctx, type);
}
