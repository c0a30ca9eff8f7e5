import { ConfigError, loadConfig } from '../src/config';
import { dropExpiredIndices, indicesFor } from '../src/es/indices';
import { type Api, INGEST, READ, startApi } from './harness';

describe('service endpoints', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('answers health, readiness and Prometheus metrics without a token', async () => {
    expect((await api.call('GET', '/healthz', { token: null })).body).toEqual({ status: 'ok' });
    expect((await api.call('GET', '/readyz', { token: null })).body).toEqual({ status: 'ready', elasticsearch: 'up' });
    await api.read('/api/v1/scripts');
    const metrics = await api.call('GET', '/metrics', { token: null });
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(metrics.body).toMatch(
      /runlens_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/scripts",status="200"\} 1/
    );
  });
});

describe('while Elasticsearch is unreachable', () => {
  let api: Api;
  beforeAll(async () => {
    // Nothing listens on port 9 of the loopback: every Elasticsearch call fails to connect.
    api = await startApi({ ES_URL: 'http://127.0.0.1:9', SKIP_ENSURE: '1' });
  });
  afterAll(() => api.close().catch(() => undefined));

  it('answers 503 with Retry-After, for reads and writes, and readiness says so', async () => {
    const ready = await api.call('GET', '/readyz', { token: null });
    expect(ready.status).toBe(503);
    for (const res of [
      await api.read('/api/v1/runs'),
      await api.ingest('POST', '/api/v1/logs', [{ run_id: 'r', level: 'info', message: 'm' }]),
      await api.ingest('POST', '/api/v1/scripts/s/deployments'),
    ]) {
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
    }
    const res = await api.call('GET', '/api/v1/runs/stats', { token: READ });
    expect(res.headers.get('retry-after')).toBe('5');
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('configuration', () => {
  const base = { RUNLENS_INGEST_TOKENS: INGEST, RUNLENS_READ_TOKENS: READ };

  it('reads defaults and lists of tokens', () => {
    const config = loadConfig({ ...base, RUNLENS_READ_TOKENS: `${READ}, another-read-token-123` });
    expect(config).toMatchObject({
      PORT: 8080,
      ES_URL: 'http://127.0.0.1:9200',
      RUNLENS_READ_TOKENS: [READ, 'another-read-token-123'],
    });
  });

  it('says clearly what is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty', RUNLENS_INGEST_TOKENS: 'short', ES_URL: 'nope' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', RUNLENS_INGEST_TOKENS: 'short', ES_URL: 'nope' });
    } catch (err) {
      const message = (err as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/ES_URL/);
      expect(message).toMatch(/RUNLENS_INGEST_TOKENS.*at least 16 characters/);
      expect(message).toMatch(/RUNLENS_READ_TOKENS/);
    }
  });

  it('refuses a token shared by ingest and read', () => {
    expect(() => loadConfig({ RUNLENS_INGEST_TOKENS: INGEST, RUNLENS_READ_TOKENS: INGEST })).toThrow(/must differ/);
  });
});

describe('retention', () => {
  it('drops whole indices older than the window and keeps the rest', async () => {
    const api = await startApi();
    try {
      const indices = indicesFor(api.prefix);
      const now = new Date('2026-06-15T12:00:00Z');
      const names = [
        indices.logsIndex(new Date('2026-05-01T00:00:00Z')),
        indices.logsIndex(new Date('2026-06-14T00:00:00Z')),
        indices.runsIndex(new Date('2026-04-10T00:00:00Z')),
        indices.runsIndex(new Date('2026-05-20T00:00:00Z')),
      ];
      for (const index of names) {
        await api.es.indices.create({ index });
      }
      const dropped = await dropExpiredIndices(api.es, indices, 30, now);
      expect(dropped.sort()).toEqual([names[0], names[2]].sort());
      const left = (await api.es.cat.indices({ index: `${api.prefix}-*`, format: 'json', h: ['index'] }))
        .map((r) => r.index)
        .sort();
      expect(left).toEqual(
        [indices.deployments, indices.exports, names[1], names[3], indices.runLocations, indices.scripts].sort()
      );
    } finally {
      await api.close();
    }
  });
});
