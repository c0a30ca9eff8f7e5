import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { from, type Observable } from 'rxjs';

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
  return { fetch: fetchFn, requests };
}
