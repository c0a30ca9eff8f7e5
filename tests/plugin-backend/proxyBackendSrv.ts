import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { from, Observable } from 'rxjs';

/**
 * What Grafana's data proxy does for the plugin.json route `runlens`: forwards
 * `<proxy base>/runlens/<path>` to the backend URL and adds `Authorization: Bearer <readToken>`,
 * and `X-Grafana-User` as `[dataproxy] send_user_header = true` does (when a user is given).
 * A connection failure answers 502, as the proxy does. Errors reject like backendSrv's FetchError.
 */
export function proxyBackendSrv(proxyBase: string, backendUrl: string, readToken: string, user?: string) {
  const requests: string[] = [];
  const fetchFn = (req: BackendSrvRequest): Observable<FetchResponse> =>
    from(
      (async () => {
        const prefix = `${proxyBase}/runlens`;
        if (!req.url.startsWith(prefix)) {
          throw { status: 404, statusText: 'Not Found', data: { message: `no route for ${req.url}` }, config: req };
        }
        const target = backendUrl + req.url.slice(prefix.length);
        requests.push(target);
        let res: Response;
        try {
          const headers: Record<string, string> = { authorization: `Bearer ${readToken}` };
          if (user) {
            headers['x-grafana-user'] = user;
          }
          if (req.data !== undefined) {
            headers['content-type'] = 'application/json';
          }
          const body = req.data === undefined ? undefined : JSON.stringify(req.data);
          res = await fetch(target, { method: req.method ?? 'GET', headers, body });
        } catch (err) {
          throw {
            status: 502,
            statusText: 'Bad Gateway',
            data: { message: 'Bad Gateway', error: String(err) },
            config: req,
          };
        }
        const text = await res.text();
        let data: unknown = text;
        try {
          data = JSON.parse(text);
        } catch {
          /* plain text */
        }
        if (!res.ok) {
          throw { status: res.status, statusText: res.statusText, data, config: req };
        }
        return {
          status: res.status,
          statusText: res.statusText,
          ok: true,
          data,
          headers: res.headers,
          redirected: false,
          type: 'basic',
          url: target,
          config: req,
        } as FetchResponse;
      })()
    );
  /**
   * `chunked()`: the response body as it arrives, in chunks. `cutAfterMs` ends each response
   * that long after it started, as the data proxy does at its timeout.
   */
  const chunked = (req: BackendSrvRequest, cutAfterMs = 0): Observable<FetchResponse<Uint8Array | undefined>> =>
    new Observable((subscriber) => {
      const prefix = `${proxyBase}/runlens`;
      const target = backendUrl + req.url.slice(prefix.length);
      requests.push(target);
      const controller = new AbortController();
      const cut = cutAfterMs > 0 ? setTimeout(() => controller.abort(), cutAfterMs) : undefined;
      void (async () => {
        try {
          const res = await fetch(target, {
            headers: { authorization: `Bearer ${readToken}` },
            signal: controller.signal,
          });
          if (!res.ok || !res.body) {
            throw { status: res.status, statusText: res.statusText, data: await res.text(), config: req };
          }
          const reader = res.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) {
              break;
            }
            subscriber.next({
              data: value,
              status: res.status,
              ok: true,
              headers: res.headers,
            } as FetchResponse<Uint8Array>);
          }
          subscriber.complete();
        } catch (err) {
          // A cut is the end of the response, not an error (the proxy closes it cleanly).
          if (controller.signal.aborted) {
            subscriber.complete();
          } else {
            subscriber.error(err);
          }
        } finally {
          clearTimeout(cut);
        }
      })();
      return () => controller.abort();
    });
  return { fetch: fetchFn, chunked, requests };
}
