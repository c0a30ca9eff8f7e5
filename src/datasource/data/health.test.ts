import { mockFetch, type Route } from '../test/mockBackendSrv';
import { RunLensApi } from './api';
import { checkHealth } from './health';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
}));

const api = new RunLensApi('/api/datasources/proxy/uid/runlens/runlens');
const URL_ = 'http://backend:8080';
const ready: Route = (u) =>
  u.pathname.endsWith('/readyz') ? { data: { status: 'ready', elasticsearch: 'up' } } : undefined;

function check(route: Route) {
  backend = mockFetch(route);
  return checkHealth(api, URL_);
}

describe('Save & test', () => {
  it('succeeds when the backend is ready and the token reads', async () => {
    const res = await check((u) => ready(u) ?? { data: { scripts: [{ script: 'a' }, { script: 'b' }] } });
    expect(res).toEqual({
      status: 'success',
      message: 'RunLens backend ready, Elasticsearch up, read token accepted. 2 scripts known.',
    });
    expect(backend.calls.map((u) => u.pathname)).toEqual([
      '/api/datasources/proxy/uid/runlens/runlens/readyz',
      '/api/datasources/proxy/uid/runlens/runlens/api/v1/scripts',
    ]);
  });

  it('asks for the URL when none is set, without calling anything', async () => {
    backend = mockFetch(() => undefined);
    const res = await checkHealth(api, '');
    expect(res.status).toBe('error');
    expect(res.message).toMatch(/Set the RunLens backend URL/);
    expect(backend.calls).toHaveLength(0);
  });

  it('says the backend is unreachable when the data proxy cannot connect', async () => {
    const res = await check(() => ({ status: 502, data: { message: 'Bad Gateway' } }));
    expect(res.status).toBe('error');
    expect(res.message).toBe(
      `Cannot reach the RunLens backend at ${URL_}. Check the URL and that the backend is running.`
    );
    expect(res.details).toEqual({ message: 'Bad Gateway (HTTP 502)' });
  });

  it('says Elasticsearch is down when readyz answers 503', async () => {
    const res = await check(() => ({ status: 503, data: { status: 'not_ready', elasticsearch: 'down' } }));
    expect(res.message).toMatch(/reachable, but Elasticsearch is down/);
  });

  it('says the URL is not a RunLens backend when readyz does not exist', async () => {
    const res = await check(() => ({ status: 404, data: 'Not Found' }));
    expect(res.message).toMatch(/not a RunLens backend/);
  });

  it('says the token is bad on 401', async () => {
    const res = await check(
      (u) => ready(u) ?? { status: 401, data: { error: { code: 'unauthorized', message: 'invalid token' } } }
    );
    expect(res.message).toBe('The RunLens backend rejected the read token. Enter a valid read token and save again.');
  });

  it('says the token lacks the read scope on 403', async () => {
    const res = await check(
      (u) => ready(u) ?? { status: 403, data: { error: { code: 'forbidden', message: 'read scope required' } } }
    );
    expect(res.message).toMatch(/read scope \(not an ingest token\)/);
  });
});
