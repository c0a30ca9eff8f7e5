import type { DataFrame, QueryResultMeta } from '@grafana/data';
import type { RowsPage } from '../types';
import { EXPORT_META_KEY, exportRequestOf, type ExportTarget } from '../../shared/exportTarget';
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

/**
 * A list (runs, logs) as one frame: the pages followed up to maxRows, a notice when more matched,
 * the total in meta.custom, and the export target (the list's own request, no paging) that the
 * panel menu's Export CSV sends.
 */
export async function listFrame<T>(
  api: RunLensApi,
  kind: 'runs' | 'logs',
  request: PageRequest<T>,
  q: PagedQuery & { refId: string },
  meta: (extra?: string) => QueryResultMeta,
  toFrame: (refId: string, rows: T[], meta: QueryResultMeta) => DataFrame
): Promise<DataFrame> {
  const paged = await fetchPages(api, request, q);
  const frame = toFrame(q.refId, paged.rows, meta(truncationNotice(kind, paged, q.maxRows ?? PAGE_DEFAULTS.maxRows)));
  const exported: ExportTarget = {
    baseUrl: api.baseUrl,
    request: exportRequestOf(kind, request({ limit: 1 }).params),
    total: paged.total,
  };
  frame.meta = { ...frame.meta, custom: { total: paged.total, [EXPORT_META_KEY]: exported } };
  return frame;
}
