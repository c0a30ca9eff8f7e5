import { Writable } from 'node:stream';
import { createLogger } from '../src/http/logging';
import { type Api, INGEST, READ, startApi } from './harness';

/** Every line the service logs while serving requests that carry tokens, right and wrong. */
describe('credentials never reach the log', () => {
  let api: Api;
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const WRONG = 'wrong-token-must-not-be-logged-42';

  beforeAll(async () => {
    api = await startApi({}, { log: createLogger('trace', sink) });
  });
  afterAll(() => api.close());

  it('redacts right, wrong and other-scope tokens, in headers and cookies', async () => {
    await api.call('GET', '/api/v1/runs', { token: READ });
    await api.call('GET', '/api/v1/runs', { token: INGEST });
    await api.call('GET', '/api/v1/runs', { token: WRONG });
    await api.call('POST', '/api/v1/logs', { token: INGEST, body: [{ run_id: 'r', level: 'info', message: 'm' }] });
    await api.call('POST', '/api/v1/logs', { token: READ, body: [] });
    await fetch(`${api.url}/api/v1/scripts`, { headers: { cookie: `session=${WRONG}`, 'x-api-key': WRONG } });
    const log = lines.join('');
    // The access log is really there: one line per request with its (redacted) headers.
    expect(lines.filter((l) => l.includes('"url":"/api/v1/')).length).toBeGreaterThanOrEqual(6);
    expect(log).toContain('[redacted]');
    for (const secret of [READ, INGEST, WRONG]) {
      expect(log).not.toContain(secret);
    }
  });
});
