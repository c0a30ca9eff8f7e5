import type { estypes } from '@elastic/elasticsearch';
import { SelectionError } from './errors';
import type { Page } from '@runlens/contract';

/**
 * Cursor paging over Elasticsearch `search_after`. The opaque cursor carries the last row's
 * sort values, the sort and the selection it belongs to, so a cursor from another sort or
 * another query is refused, not silently misapplied; its values are checked for shape, and
 * what Elasticsearch still refuses of them is a 400 on the cursor too (see the services).
 */
interface CursorBody {
  sort: string;
  order: string;
  /** Selection key (filters/params.ts). */
  query: string;
  after: estypes.SortResults;
}

/** Sort values as Elasticsearch gives them: numbers, strings, null; one per sort clause. */
const sortValue = (v: unknown) =>
  v === null || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= 4096);

const invalidCursor = () =>
  new SelectionError('cursor', 'not a cursor this list gave out with this sort', 'invalid cursor');

export const cursorRefused = invalidCursor;

export function searchAfterOf(page: Page, sel: { key: string }): estypes.SortResults | undefined {
  if (!page.cursor) {
    return undefined;
  }
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(page.cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (
    body?.sort !== page.sort ||
    body.order !== page.order ||
    body.query !== sel.key ||
    !Array.isArray(body.after) ||
    body.after.length < 1 ||
    body.after.length > 4 ||
    !body.after.every(sortValue)
  ) {
    throw invalidCursor();
  }
  return body.after;
}

/** Rows, exact total and the cursor of the next page (null on the last page). */
export function pageOf<T, R>(res: estypes.SearchResponse<T>, page: Page, sel: { key: string }, row: (doc: T) => R) {
  const hits = res.hits.hits;
  const last = hits[hits.length - 1];
  const next: CursorBody | null =
    hits.length === page.limit && last?.sort
      ? { sort: page.sort, order: page.order, query: sel.key, after: last.sort }
      : null;
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
