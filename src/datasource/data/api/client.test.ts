import { mockFetch } from '../../test/mockBackendSrv';
import { RunLensApi } from './client';
import { ApiError, toApiError } from './errors';
import { routes } from './routes';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
}));

describe('RunLensApi', () => {
  it('GETs below the proxy route with the query string, without Grafana error popups', async () => {
    backend = mockFetch(() => ({ data: { ok: 1 } }));
    const api = new RunLensApi('/api/datasources/proxy/uid/x/runlens');
    expect(
      await api.runs(
        new URLSearchParams([
          ['script', 'a'],
          ['script', 'b'],
        ])
      )
    ).toEqual({ ok: 1 });
    expect(backend.fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/datasources/proxy/uid/x/runlens/api/v1/runs?script=a&script=b',
        method: 'GET',
        showErrorAlert: false,
      })
    );
  });

  it('turns the backend error body into a message with the field paths', async () => {
    backend = mockFetch(() => ({
      status: 400,
      data: {
        error: {
          code: 'invalid_request',
          message: 'invalid query',
          details: [{ path: 'query.interval', message: 'like 5m, 1h or 1d' }],
        },
      },
    }));
    const err = await new RunLensApi('/p').ready().catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid_request',
      message: 'invalid query (query.interval: like 5m, 1h or 1d)',
    });
  });

  it('says what the proxy said when the backend did not answer', () => {
    expect(toApiError({ status: 502, statusText: 'Bad Gateway', data: { message: 'Bad Gateway' } }).message).toBe(
      'Bad Gateway (HTTP 502)'
    );
    expect(toApiError(new Error('boom'))).toMatchObject({ status: 0, message: 'boom' });
  });

  it('has one method per route, each GET below the proxy route', async () => {
    backend = mockFetch(() => ({ data: {} }));
    const api = new RunLensApi('/p');
    const p = () => new URLSearchParams({ script: 'a' });
    await api.scripts();
    await api.deployments(p());
    await api.stats(p());
    await api.timeseries(p());
    await api.byVersion(p());
    await api.values(p());
    await api.record('run/1', p());
    await api.logs(p());
    await api.logVolume(p());
    expect(backend.calls.map((u) => `${u.pathname}${u.search}`)).toEqual([
      '/p/api/v1/scripts',
      '/p/api/v1/deployments?script=a',
      '/p/api/v1/runs/stats?script=a',
      '/p/api/v1/runs/timeseries?script=a',
      '/p/api/v1/runs/by-version?script=a',
      '/p/api/v1/runs/values?script=a',
      '/p/api/v1/runs/run%2F1?script=a',
      '/p/api/v1/logs?script=a',
      '/p/api/v1/logs/timeseries?script=a',
    ]);
    expect(routes.record('x').params.toString()).toBe('');
  });
});
