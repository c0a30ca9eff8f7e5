import type { RowsPage } from '../types';
import type { ApiRequest, RunLensApi } from './api';
import { PAGE_DEFAULTS, type PagedQuery } from './query/model';

export interface PagedRows<T> {
  rows: T[];
  total: number;
  /** More rows matched than were fetched (maxRows reached). */
  truncated: boolean;
}

export type PageRequest<T> = (page: { limit: number; cursor?: string }) => ApiRequest<RowsPage<T>>;

/** Follows next_cursor page by page until the rows run out or maxRows is reached. */
export async function fetchPages<T>(api: RunLensApi, request: PageRequest<T>, q: PagedQuery): Promise<PagedRows<T>> {
  const pageSize = q.limit ?? PAGE_DEFAULTS.limit;
  const maxRows = q.maxRows ?? PAGE_DEFAULTS.maxRows;
  const rows: T[] = [];
  let total = 0;
  let cursor: string | undefined;
  do {
    const limit = Math.min(pageSize, maxRows - rows.length);
    const page = await api.send(request({ limit, cursor }));
    rows.push(...page.rows);
    total = page.total;
    cursor = page.rows.length > 0 ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor && rows.length < maxRows);
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
  const n = (x: number) => x.toLocaleString('en-US');
  // Never a silent cap: the table says how many match, and where to get them all.
  return `${n(paged.rows.length)} of ${n(paged.total)} ${kind} shown: export for all (panel menu → Export CSV), or raise "Max rows" (now ${n(maxRows)}).`;
}
