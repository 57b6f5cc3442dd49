/**
 * PAP meets countermeasures: a request whose evidence is intelligence marked PAP:AMBER or PAP:RED
 * cannot be a network action (RTBH, FlowSpec, DNS RPZ, block list). PAP:AMBER allows passive
 * actions only and PAP:RED no action detectable from outside; a network action against the
 * sources is both (FIRST PAP). Notices and access-and-neutralisation authorisations are not
 * network actions and stay open to the commission's judgement.
 *
 * Security invariant (enforced here, on every path that prepares a request — creation, amendment,
 * emergency): intelligence evidence that cannot be looked up, or whose markings are unknown, fails
 * closed for network actions, so a marking the platform cannot read never opens the network path.
 */
import { papVerdict } from '../../stix/marking/pap.js';
import type { Mechanism } from '../catalogue/mechanism.js';
import { ERR_OPERATIONS_INVALID_INPUT, ERR_OPERATIONS_PAP_FORBIDS_ACTION } from '../errors.js';
import type { IntelMarkings } from '../intel-markings.js';
import type { LinkedEvidence } from './request.js';

/** The mechanisms that act on the network. */
export const NETWORK_MECHANISMS: readonly Mechanism[] = ['rtbh', 'flowspec', 'dns_rpz', 'blocklist'];

/**
 * Throws {@link ERR_OPERATIONS_PAP_FORBIDS_ACTION} when `mechanism` acts on the network and an
 * `intel` evidence item carries PAP:AMBER or PAP:RED (or markings that cannot be read), and
 * {@link ERR_OPERATIONS_INVALID_INPUT} for intelligence evidence that is not stored.
 */
export async function checkPap(mechanism: Mechanism, evidence: readonly LinkedEvidence[], intel: IntelMarkings | undefined): Promise<void> {
  for (const [i, e] of evidence.entries()) {
    if (e.kind !== 'intel') continue;
    if (intel === undefined) {
      if (NETWORK_MECHANISMS.includes(mechanism)) throw new ERR_OPERATIONS_PAP_FORBIDS_ACTION(e.ref, 'unreadable (no intelligence store)', mechanism);
      continue;
    }
    const markings = await intel.markingsOf(e.ref);
    if (markings === undefined) throw new ERR_OPERATIONS_INVALID_INPUT(`/evidence/${i}/ref`, `no intelligence object ${e.ref} is stored`);
    if (!NETWORK_MECHANISMS.includes(mechanism)) continue;
    const verdict = papVerdict(markings);
    if (!verdict.allowed) throw new ERR_OPERATIONS_PAP_FORBIDS_ACTION(e.ref, verdict.because, mechanism);
  }
}
