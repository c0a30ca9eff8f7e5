import { ApiError, RunLensApi, toApiError } from './api';
import { mockFetch } from '../test/mockBackendSrv';

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
      await api.get(
        '/api/v1/runs',
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
    const err = await new RunLensApi('/p').get('/x').catch((e) => e);
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
});
