import type { estypes } from '@elastic/elasticsearch';
import { SelectionError } from './errors';
import type { Page } from '@runlens/contract';

/**
 * Cursor paging over Elasticsearch `search_after`. The opaque cursor carries the last row's
 * sort values and the sort it belongs to, so a cursor from another sort is refused, not
 * silently misapplied.
 */
interface CursorBody {
  sort: string;
  order: string;
  after: estypes.SortResults;
}

const invalidCursor = () =>
  new SelectionError('cursor', 'not a cursor this list gave out with this sort', 'invalid cursor');

export function searchAfterOf(page: Page): estypes.SortResults | undefined {
  if (!page.cursor) {
    return undefined;
  }
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (body?.sort !== page.sort || body.order !== page.order || !Array.isArray(body.after)) {
    throw invalidCursor();
  }
  return body.after;
}

/** Rows, exact total and the cursor of the next page (null on the last page). */
export function pageOf<T, R>(res: estypes.SearchResponse<T>, page: Page, row: (doc: T) => R) {
  const hits = res.hits.hits;
  const last = hits[hits.length - 1];
  const next: CursorBody | null =
    hits.length === page.limit && last?.sort ? { sort: page.sort, order: page.order, after: last.sort } : null;
  return {
    total: totalOf(res),
    rows: hits.map((h) => row(h._source!)),
    next_cursor: next ? Buffer.from(JSON.stringify(next)).toString('base64url') : null,
  };
}

export function totalOf(res: { hits: { total?: number | estypes.SearchTotalHits } }): number {
  const t = res.hits.total;
  return typeof t === 'number' ? t : (t?.value ?? 0);
}
