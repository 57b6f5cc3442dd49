/**
 * Which best-practice checks run for given `disabled`/`enabled` lists, following the reference
 * validator: with neither list every check runs; `disabled` removes checks (and whole groups such
 * as `format-checks`, `approved-values`, `all-vocabs`, `all-external-sources`); `enabled` alone runs
 * only the named checks. Under `disabled`, the lax custom-prefix check replaces the strict one only
 * when the strict one is disabled.
 */
import { table } from './property-type.js';
import type { ResolvedOptions, ValidationOptions } from './validation-options.js';

const FORMAT_CHECKS = [
  'custom-prefix',
  'custom-prefix-lax',
  'uuid-check',
  'open-vocab-format',
  'kill-chain-names',
  'observable-object-keys',
  'observable-dictionary-keys',
  'malware-analysis-product',
  'windows-process-priority-format',
  'hash-length',
] as const;

const VOCAB_CHECKS = [
  'attack-motivation',
  'attack-resource-level',
  'grouping-context',
  'implementation-languages',
  'infrastructure-types',
  'malware-capabilities',
  'malware-result',
  'processor-architecture',
  'identity-class',
  'indicator-pattern-types',
  'indicator-types',
  'industry-sector',
  'malware-types',
  'report-types',
  'threat-actor-types',
  'threat-actor-role',
  'threat-actor-sophistication',
  'tool-types',
  'region',
  'hash-algo',
  'windows-pebinary-type',
  'account-type',
] as const;

const EXTERNAL_SOURCE_CHECKS = ['mime-type', 'protocols', 'ipfix', 'http-request-headers', 'socket-options', 'pdf-doc-info', 'countries'] as const;

const OTHER_CHECKS = [
  'marking-definition-type',
  'relationship-types',
  'duplicate-ids',
  'network-traffic-ports',
  'extref-hashes',
  'indicator-properties',
  'deprecated-properties',
  'extensions-use',
  'extension-description',
  'extension-properties',
] as const;

/** Groups a disabled or enabled name may stand for. */
const GROUPS: Readonly<Record<string, readonly string[]>> = table({
  'format-checks': FORMAT_CHECKS,
  'all-vocabs': VOCAB_CHECKS,
  'all-external-sources': EXTERNAL_SOURCE_CHECKS,
  'approved-values': ['marking-definition-type', 'relationship-types', 'duplicate-ids', ...VOCAB_CHECKS, ...EXTERNAL_SOURCE_CHECKS],
});

/** Every best-practice check name the validator knows. */
export const CHECK_NAMES: readonly string[] = [...FORMAT_CHECKS, ...VOCAB_CHECKS, ...EXTERNAL_SOURCE_CHECKS, ...OTHER_CHECKS];

function expand(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    if (n === 'all') for (const c of CHECK_NAMES) out.add(c);
    for (const c of GROUPS[n] ?? [n]) out.add(c);
  }
  return out;
}

function selectedChecks(disabled: readonly string[], enabled: readonly string[]): Set<string> {
  if (disabled.length === 0 && enabled.length === 0) {
    // By default the lax prefix check is implied by the strict one.
    return new Set(CHECK_NAMES.filter((c) => c !== 'custom-prefix-lax'));
  }
  const run = new Set<string>();
  if (disabled.length > 0) {
    const off = expand(disabled);
    for (const c of CHECK_NAMES) if (!off.has(c)) run.add(c);
    // The lax form only stands in when the strict form is switched off.
    if (!off.has('custom-prefix')) run.delete('custom-prefix-lax');
    // As in the reference, choosing checks to disable leaves the UUID-version check out.
    run.delete('uuid-check');
  }
  for (const c of expand(enabled)) run.add(c);
  return run;
}

/** Applies defaults to `options` and decides which best-practice checks run. */
export function resolveOptions(options: ValidationOptions = {}): ResolvedOptions {
  const run = selectedChecks(options.disabled ?? [], options.enabled ?? []);
  return {
    strict: options.strict ?? false,
    strictTypes: options.strictTypes ?? false,
    strictProperties: options.strictProperties ?? false,
    enforceRefs: options.enforceRefs ?? false,
    interop: options.interop ?? false,
    deterministicIds: options.deterministicIds ?? false,
    maxDepth: options.maxDepth ?? 64,
    maxNodes: options.maxNodes ?? 5_000_000,
    runs: (check) => run.has(check),
  };
}
