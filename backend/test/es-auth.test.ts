import { ConfigError, loadConfig } from '../src/config';
import { type Api, INGEST, READ, SECURE_ES, secureEs, startApi } from './harness';

/** The backend on an Elasticsearch with security on: TLS with its own CA, a user and password. */
jest.setTimeout(300_000);

beforeAll(() => secureEs('start'));

describe('with credentials and the CA bundle', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi(SECURE_ES.env());
  });
  afterAll(() => api.close());

  it('ingests and reads back over HTTPS as the backend user', async () => {
    expect((await api.call('GET', '/readyz', { token: null })).status).toBe(200);
    await api.ingest('POST', '/api/v1/scripts/billing/deployments');
    const start = await api.ingest('POST', '/api/v1/runs', {
      run_id: 'secure-1',
      script: 'billing',
      function: 'charge',
      source_type: 'api',
      source: 'checkout',
    });
    expect(start.status).toBe(201);
    expect(
      (await api.ingest('POST', '/api/v1/logs', [{ run_id: 'secure-1', level: 'info', message: 'm' }])).status
    ).toBe(200);
    await api.refresh();
    const runs = await api.read('/api/v1/runs', { script: 'billing' });
    expect(runs.body.rows.map((r: { run_id: string }) => r.run_id)).toEqual(['secure-1']);
  });
});

describe('refused by Elasticsearch', () => {
  it('a wrong password: not ready, and reads say whose credentials failed, without them', async () => {
    const api = await startApi({ ...SECURE_ES.env(), ES_PASSWORD: 'wrong-password-123', SKIP_ENSURE: '1' });
    try {
      expect((await api.call('GET', '/readyz', { token: null })).status).toBe(503);
      const res = await api.read('/api/v1/runs');
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('elasticsearch_auth');
      expect(JSON.stringify(res.body)).not.toContain('wrong-password-123');
    } finally {
      await api.close().catch(() => undefined);
    }
  });

  it('no credentials, or no CA bundle: not ready, 5xx', async () => {
    const { ES_USERNAME: _u, ES_PASSWORD: _p, ...noAuth } = SECURE_ES.env();
    const { ES_CA_FILE: _c, ...noCa } = SECURE_ES.env();
    for (const env of [noAuth, noCa]) {
      const api = await startApi({ ...env, SKIP_ENSURE: '1' });
      try {
        expect((await api.call('GET', '/readyz', { token: null })).status).toBe(503);
        expect((await api.read('/api/v1/runs')).status).toBeGreaterThanOrEqual(500);
      } finally {
        await api.close().catch(() => undefined);
      }
    }
  });
});

describe('configuration of Elasticsearch credentials', () => {
  const base = { RUNLENS_INGEST_TOKENS: INGEST, RUNLENS_READ_TOKENS: READ };
  it('takes an API key, or a user with a password, and a CA file that exists', () => {
    expect(loadConfig({ ...base, ES_API_KEY: 'a2V5OnNlY3JldA==' }).ES_API_KEY).toBe('a2V5OnNlY3JldA==');
    expect(() => loadConfig({ ...base, ES_API_KEY: 'k', ES_USERNAME: 'u', ES_PASSWORD: 'p' })).toThrow(/not both/);
    expect(() => loadConfig({ ...base, ES_USERNAME: 'u' })).toThrow(/set both or neither/);
    expect(() => loadConfig({ ...base, ES_CA_FILE: '/nonexistent/ca.crt' })).toThrow(ConfigError);
  });
});
