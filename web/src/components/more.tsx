/** The "Load more" button under a paged list, with a loading state. */
import type { Pages } from '../api/use-pages.js';

/** Shows "Load more" while the list has further pages. */
export function LoadMore<T>({ pages }: { pages: Pages<T> }) {
  if (!pages.more) return null;
  return (
    <button type="button" onClick={pages.loadMore} disabled={pages.loading} style={{ marginTop: 8 }}>
      {pages.loading ? 'Loading…' : 'Load more'}
    </button>
  );
}
