/**
 * Turns the request form's fields into the action input the API expects for each mechanism
 * (`src/operations/catalogue/action-schema.ts`). The server normalises and digests it; the form
 * shows this JSON before submitting so the requester sees exactly what is asked for.
 *
 * Pure: no DOM, no I/O.
 */

/** The form's action fields (all mechanisms; each uses its own). */
export interface ActionFields {
  readonly mechanism: string;
  /** FlowSpec: match the listed sources or the traffic towards the victim. */
  readonly matchKind: 'sources' | 'traffic';
  /** One address or prefix per line (FlowSpec sources, block list, abuse notice). */
  readonly sources: string;
  readonly destination: string;
  /** IP protocol number, or '' for any. */
  readonly protocol: string;
  /** Comma-separated ports. */
  readonly sourcePorts: string;
  readonly destinationPorts: string;
  readonly treatment: 'discard' | 'rate_limit';
  readonly bytesPerSecond: string;
  readonly attackId: string;
  /** One domain per line (RPZ). */
  readonly domains: string;
  readonly rpzPolicy: 'nxdomain' | 'nodata' | 'sinkhole';
  readonly includeSubdomains: boolean;
  /** Raw JSON for the mechanisms without a dedicated editor. */
  readonly json: string;
}

/** Fields of an empty form. */
export const EMPTY_FIELDS: ActionFields = {
  mechanism: 'flowspec',
  matchKind: 'sources',
  sources: '',
  destination: '',
  protocol: '',
  sourcePorts: '',
  destinationPorts: '',
  treatment: 'discard',
  bytesPerSecond: '',
  attackId: '',
  domains: '',
  rpzPolicy: 'nxdomain',
  includeSubdomains: true,
  json: '',
};

/** The result: an action, or what is wrong for people to fix. */
export type Built = { readonly ok: true; readonly action: Record<string, unknown> } | { readonly ok: false; readonly problem: string };

/** Splits a list typed one per line (commas and spaces also separate). */
export function lines(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

function ports(text: string, what: string): number[] | string {
  const out: number[] = [];
  for (const p of lines(text)) {
    const n = Number(p);
    if (!Number.isInteger(n) || n < 0 || n > 65535) return `${what}: "${p}" is not a port number`;
    out.push(n);
  }
  return out;
}

function flowspec(f: ActionFields): Built {
  const protocol = f.protocol === '' ? undefined : Number(f.protocol);
  if (protocol !== undefined && (!Number.isInteger(protocol) || protocol < 0 || protocol > 255)) return { ok: false, problem: 'The protocol must be a number from 0 to 255.' };
  let treatment: Record<string, unknown> = { kind: 'discard' };
  if (f.treatment === 'rate_limit') {
    const b = Number(f.bytesPerSecond);
    if (!Number.isInteger(b) || b < 1) return { ok: false, problem: 'Give the rate limit in bytes per second.' };
    treatment = { kind: 'rate_limit', bytesPerSecond: b };
  }
  if (f.matchKind === 'sources') {
    const sources = lines(f.sources);
    if (sources.length === 0) return { ok: false, problem: 'List at least one source (pick them from the attacker list).' };
    const match: Record<string, unknown> = { kind: 'sources', sources };
    if (f.destination.trim() !== '') match.destination = f.destination.trim();
    if (protocol !== undefined) match.protocol = protocol;
    return { ok: true, action: { mechanism: 'flowspec', match, treatment } };
  }
  if (f.destination.trim() === '') return { ok: false, problem: 'Give the attacked host or prefix as destination.' };
  if (protocol === undefined) return { ok: false, problem: 'Traffic matches need a protocol.' };
  const sp = ports(f.sourcePorts, 'Source ports');
  const dp = ports(f.destinationPorts, 'Destination ports');
  if (typeof sp === 'string') return { ok: false, problem: sp };
  if (typeof dp === 'string') return { ok: false, problem: dp };
  const match: Record<string, unknown> = { kind: 'traffic', destination: f.destination.trim(), protocol };
  if (sp.length > 0) match.sourcePorts = sp;
  if (dp.length > 0) match.destinationPorts = dp;
  return { ok: true, action: { mechanism: 'flowspec', match, treatment } };
}

/** Builds the action input of the chosen mechanism. */
export function buildAction(f: ActionFields): Built {
  switch (f.mechanism) {
    case 'flowspec':
      return flowspec(f);
    case 'rtbh':
      return f.destination.trim() === '' ? { ok: false, problem: 'Give the attacked host to black-hole.' } : { ok: true, action: { mechanism: 'rtbh', victim: f.destination.trim() } };
    case 'blocklist': {
      const prefixes = lines(f.sources);
      return prefixes.length === 0 ? { ok: false, problem: 'List at least one prefix.' } : { ok: true, action: { mechanism: 'blocklist', prefixes } };
    }
    case 'abuse_notice': {
      const sources = lines(f.sources);
      if (f.attackId.trim() === '') return { ok: false, problem: 'An abuse notice names the attack.' };
      return sources.length === 0 ? { ok: false, problem: 'List at least one source.' } : { ok: true, action: { mechanism: 'abuse_notice', attackId: f.attackId.trim(), sources } };
    }
    case 'dns_rpz': {
      const domains = lines(f.domains);
      return domains.length === 0
        ? { ok: false, problem: 'List at least one domain.' }
        : { ok: true, action: { mechanism: 'dns_rpz', domains, policy: f.rpzPolicy, includeSubdomains: f.includeSubdomains } };
    }
    default: {
      try {
        const a = JSON.parse(f.json === '' ? '{}' : f.json) as unknown;
        if (typeof a !== 'object' || a === null || Array.isArray(a)) return { ok: false, problem: 'The action must be a JSON object.' };
        return { ok: true, action: { ...(a as Record<string, unknown>), mechanism: f.mechanism } };
      } catch (e) {
        return { ok: false, problem: `The action is not valid JSON: ${(e as Error).message}` };
      }
    }
  }
}
