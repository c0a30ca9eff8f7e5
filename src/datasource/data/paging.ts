import type { RowsPage } from '../types';
import type { RunLensApi } from './api';
import type { ResolvedQuery } from './interpolate';
import { buildRequest, type TimeRangeMs } from './requests';

export interface PagedRows<T> {
  rows: T[];
  total: number;
  /** More rows matched than were fetched (maxRows reached). */
  truncated: boolean;
}

/** Follows next_cursor page by page until the rows run out or maxRows is reached. */
export async function fetchPages<T>(api: RunLensApi, q: ResolvedQuery, range: TimeRangeMs): Promise<PagedRows<T>> {
  const rows: T[] = [];
  let total = 0;
  let cursor: string | undefined;
  do {
    const limit = Math.min(q.limit, q.maxRows - rows.length);
    const req = buildRequest(q, range, { limit, cursor });
    const page = await api.get<RowsPage<T>>(req.path, req.params);
    rows.push(...page.rows);
    total = page.total;
    cursor = page.rows.length > 0 ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor && rows.length < q.maxRows);
  return { rows, total, truncated: Boolean(cursor) || total > rows.length };
}

export function truncationNotice(
  kind: 'runs' | 'logs',
  paged: PagedRows<unknown>,
  maxRows: number
): string | undefined {
  if (!paged.truncated) {
    return undefined;
  }
  return `Showing the first ${paged.rows.length} of ${paged.total} ${kind}: raise "Max rows" (now ${maxRows}) or narrow the filters to see the rest.`;
}
