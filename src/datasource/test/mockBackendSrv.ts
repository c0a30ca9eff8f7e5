import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';

export type Route = (url: URL) => { status?: number; data: unknown } | undefined;

/**
 * A getBackendSrv().fetch stand-in answering from `route` (status >= 400 errors the way Grafana's
 * does: a FetchError with status and data). Every request URL is recorded in `calls`.
 */
export function mockFetch(route: Route) {
  const calls: URL[] = [];
  const fetch = jest.fn((req: BackendSrvRequest): Observable<FetchResponse> => {
    const url = new URL(req.url, 'http://grafana.local');
    calls.push(url);
    const res = route(url) ?? {
      status: 404,
      data: { error: { code: 'not_found', message: `no route for ${url.pathname}` } },
    };
    const status = res.status ?? 200;
    if (status >= 400) {
      return throwError(() => ({ status, statusText: `HTTP ${status}`, data: res.data, config: req }));
    }
    return of({ status, data: res.data, ok: true } as FetchResponse);
  });
  return { fetch, calls };
}

/** The query parameters of a recorded call, with `filters` parsed. */
export function paramsOf(url: URL) {
  const p = Object.fromEntries(url.searchParams);
  return { ...p, script: url.searchParams.getAll('script'), filters: p.filters ? JSON.parse(p.filters) : undefined };
}
