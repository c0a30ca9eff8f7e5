import type { ResolvedQuery } from './interpolate';
import { findField } from './fields';

/** Grafana's time range as epoch milliseconds. */
export interface TimeRangeMs {
  from: number;
  to: number;
}

/** A GET against the backend, relative to the data-proxy route. */
export interface ApiRequest {
  path: string;
  params: URLSearchParams;
}

/** The selection every runs/logs read shares: scripts, range, filters, AND/OR, free text. */
export function selectionParams(q: ResolvedQuery, range: TimeRangeMs): URLSearchParams {
  const params = new URLSearchParams();
  q.scripts.forEach((s) => params.append('script', s));
  params.set('from', String(range.from));
  params.set('to', String(range.to));
  if (q.filters.length > 0) {
    const filters = q.filters.map((c) => ({
      field: c.field,
      op: c.op,
      values: findField(q.queryType, c.field)?.kind === 'number' ? c.values.map(toNumber) : c.values,
    }));
    params.set('filters', JSON.stringify(filters));
    params.set('match', q.match);
  }
  if (q.q) {
    params.set('q', q.q);
  }
  return params;
}

function toNumber(v: string): number | string {
  const n = Number(v);
  return v.trim() !== '' && Number.isFinite(n) ? n : v;
}

function withPage(params: URLSearchParams, q: ResolvedQuery, limit: number, cursor?: string) {
  params.set('limit', String(limit));
  if (q.sort) {
    params.set('sort', q.sort);
  }
  if (q.order) {
    params.set('order', q.order);
  }
  if (cursor) {
    params.set('cursor', cursor);
  }
  return params;
}

/** Time series buckets: the interval (empty: the backend's default) and the dashboard's time zone. */
function withBuckets(params: URLSearchParams, q: ResolvedQuery) {
  if (q.interval) {
    params.set('interval', q.interval);
  }
  if (q.timeZone) {
    params.set('tz', q.timeZone);
  }
  return params;
}

/** The request of one page (runs, logs) or of the whole answer (every other type). */
export function buildRequest(
  q: ResolvedQuery,
  range: TimeRangeMs,
  page?: { limit: number; cursor?: string }
): ApiRequest {
  const params = selectionParams(q, range);
  switch (q.queryType) {
    case 'runs':
      return { path: '/api/v1/runs', params: withPage(params, q, page?.limit ?? q.limit, page?.cursor) };
    case 'logs':
      if (q.countOnly) {
        // The total comes with every page: one row is the least the API sends.
        params.set('limit', '1');
        return { path: '/api/v1/logs', params };
      }
      return { path: '/api/v1/logs', params: withPage(params, q, page?.limit ?? q.limit, page?.cursor) };
    case 'stats':
      return { path: '/api/v1/runs/stats', params };
    case 'timeseries':
      return { path: '/api/v1/runs/timeseries', params: withBuckets(params, q) };
    case 'logVolume':
      return { path: '/api/v1/logs/timeseries', params: withBuckets(params, q) };
    case 'byVersion':
      return { path: '/api/v1/runs/by-version', params };
    case 'record':
      // The caller's list (selection + sort) decides the previous and next run.
      if (q.sort) {
        params.set('sort', q.sort);
      }
      if (q.order) {
        params.set('order', q.order);
      }
      return { path: `/api/v1/runs/${encodeURIComponent(q.runId)}`, params };
    case 'deployments':
      return { path: '/api/v1/deployments', params: deploymentParams(q, range) };
  }
}

/** Deployments take scripts and the range only: run and log filters do not apply to them. */
function deploymentParams(q: ResolvedQuery, range: TimeRangeMs): URLSearchParams {
  const params = new URLSearchParams();
  q.scripts.forEach((s) => params.append('script', s));
  params.set('from', String(range.from));
  params.set('to', String(range.to));
  return params;
}
