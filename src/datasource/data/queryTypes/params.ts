import { findField } from '../fields';
import type { BucketedQuery, PagedQuery, SortedQuery } from '../query/model';
import type { Columns, Resolved, TimeRangeMs, TypedQuery } from './definition';

/** The request parameters the query types share: the selection, a page, a sort, time buckets. */

/** Scripts, range, filters (numbers sent as numbers), AND/OR and free text, for the given columns. */
export function selectionParams(q: Resolved<TypedQuery>, columns: Columns, range: TimeRangeMs): URLSearchParams {
  const params = scriptsAndRange(q, range);
  if (q.filters.length > 0) {
    const filters = q.filters.map((c) => ({
      field: c.field,
      op: c.op,
      values: findField(columns, c.field)?.kind === 'number' ? c.values.map(toNumber) : c.values,
    }));
    params.set('filters', JSON.stringify(filters));
    params.set('match', q.match);
  }
  if (q.q) {
    params.set('q', q.q);
  }
  return params;
}

/** Scripts and the range only (deployment markers: run and log filters do not apply). */
export function scriptsAndRange(q: { scripts: string[] }, range: TimeRangeMs): URLSearchParams {
  const params = new URLSearchParams();
  q.scripts.forEach((s) => params.append('script', s));
  params.set('from', String(range.from));
  params.set('to', String(range.to));
  return params;
}

function toNumber(v: string): number | string {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

export function withSort(params: URLSearchParams, q: SortedQuery) {
  if (q.sort) {
    params.set('sort', q.sort);
  }
  if (q.order) {
    params.set('order', q.order);
  }
  return params;
}

export function withPage(params: URLSearchParams, q: PagedQuery, limit: number, cursor?: string) {
  params.set('limit', String(limit));
  withSort(params, q);
  if (cursor) {
    params.set('cursor', cursor);
  }
  return params;
}

/** Time buckets: the interval (empty: the backend's default) and the dashboard's time zone. */
export function withBuckets(params: URLSearchParams, q: BucketedQuery & { timeZone?: string }) {
  if (q.interval) {
    params.set('interval', q.interval);
  }
  if (q.timeZone) {
    params.set('tz', q.timeZone);
  }
  return params;
}
