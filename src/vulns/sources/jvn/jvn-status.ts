/**
 * What a JVN document says about itself: the MyJVN status block (`status:Status`, status_3.3.xsd)
 * that ends every API response — whether the call succeeded, and where this page sits in the whole
 * result (MyJVN pages by `startItem`) — and its TLP handling marking.
 */
import { type Failure, ok, type VulnsResult } from '../../errors.js';
import { attribute, children, descend, jvnSourceFailure, type XmlElement } from './xml-document.js';

/** Paging of one MyJVN response. */
export interface JvnStatus {
  /** The API method that answered (`getVulnOverviewList`, `getVulnDetailInfo`). */
  readonly method?: string;
  /** Most items MyJVN returns per page for this method. */
  readonly retMax?: number;
  /** Items matching the query, over all pages. */
  readonly totalRes: number;
  /** Items in this page. */
  readonly totalResRet: number;
  /** Position of this page's first item in the whole result, from 1: the next page starts at `firstRes + totalResRet`. */
  readonly firstRes: number;
}

const COUNT = /^\d{1,9}$/;

/**
 * The failure for a MyJVN error answer: a status block whose `retCd` is not 0 (the reader must not
 * take such an answer for an empty page that could pass for "nothing new"). `undefined` otherwise.
 */
export function myJvnError(root: XmlElement): Failure | undefined {
  const block = children(root, 'status:Status')[0];
  const retCd = block === undefined ? '0' : attribute(block, 'retCd');
  if (block === undefined || retCd === '0') return undefined;
  const errCd = attribute(block, 'errCd') ?? '';
  const errMsg = attribute(block, 'errMsg') ?? '';
  return jvnSourceFailure(`MyJVN answered with an error (retCd ${retCd ?? 'missing'}, errCd ${errCd}): ${errMsg}`, { retCd, errCd, errMsg });
}

/**
 * Reads and checks the status block of a MyJVN response holding `items` items (read or skipped).
 * No block (a JVN file not served by the API) gives `undefined`. A MyJVN error answer
 * ({@link myJvnError}), or a page whose counts disagree with its items (cut short) or with each other
 * (paging broken) gives `SAKIMORI_ERR_VULN_SOURCE_MALFORMED`.
 */
export function readJvnStatus(root: XmlElement, items: number): VulnsResult<JvnStatus | undefined> {
  const blocks = children(root, 'status:Status');
  const [block] = blocks;
  if (block === undefined) return ok(undefined);
  if (blocks.length > 1) return jvnSourceFailure('more than one status:Status block');
  const failed = myJvnError(root);
  if (failed !== undefined) return failed;
  const counts: Partial<Record<'totalRes' | 'totalResRet' | 'firstRes' | 'retMax', number>> = {};
  for (const name of ['totalRes', 'totalResRet', 'firstRes', 'retMax'] as const) {
    const text = attribute(block, name);
    if (text === undefined && name === 'retMax') continue;
    if (text === undefined || !COUNT.test(text)) return jvnSourceFailure(`status:Status ${name} is not a count (${JSON.stringify(text ?? null)})`, { path: `status:Status/@${name}` });
    counts[name] = Number(text);
  }
  const { totalRes = 0, totalResRet = 0, firstRes = 0, retMax } = counts;
  if (totalResRet !== items) return jvnSourceFailure(`status:Status totalResRet says ${totalResRet} items but the document holds ${items}`, { path: 'status:Status/@totalResRet' });
  if ((totalResRet > 0 && firstRes < 1) || firstRes - 1 + totalResRet > totalRes) {
    return jvnSourceFailure(`status:Status paging does not add up: items ${firstRes} to ${firstRes + totalResRet - 1} of ${totalRes}`, { path: 'status:Status' });
  }
  const method = attribute(block, 'method');
  return ok({ ...(method === undefined ? {} : { method }), ...(retMax === undefined ? {} : { retMax }), totalRes, totalResRet, firstRes });
}

/** The TLP colour of the `sec:handling` marking under `parent` (RSS channel, VULDEF root), when there is one. */
export function tlpColour(parent: XmlElement): string | undefined {
  const structure = descend(parent, 'sec:handling', 'marking:Marking', 'marking:Marking_Structure');
  return structure === undefined ? undefined : attribute(structure, 'color');
}
