/**
 * Page sizes shared by every list: the API's largest page, and what a store's list returns at
 * most so that a caller asking for one row more than a page can tell whether more remain.
 */

/** The largest page a list hands out (the API's `limit` maximum). */
export const MAX_PAGE_SIZE = 1000;

/**
 * Rows a store's list returns at most: a page of the largest size and one more. A caller asks for
 * `limit + 1` rows and hands out a cursor when it got them; a cap of `MAX_PAGE_SIZE` would hide the
 * extra row of a full page and end every list at its first thousand rows.
 */
export const MAX_PAGE_ROWS = MAX_PAGE_SIZE + 1;
