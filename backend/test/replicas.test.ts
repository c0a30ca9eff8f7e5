import { type Api, startApi } from './harness';

/**
 * Two backend replicas over one Elasticsearch (same index prefix) answer every read the same,
 * since nothing a read needs is kept in process memory: data written through A, read from
 * both, and a runs cursor made by A followed on B.
 */
let a: Api;
let b: Api;
const now = Date.now();
const range = { from: new Date(now - 86_400_000).toISOString(), to: new Date(now + 60_000).toISOString() };

beforeAll(async () => {
  a = await startApi();
  b = await startApi({ ES_INDEX_PREFIX: a.prefix });
  await a.ingest('POST', '/api/v1/scripts/billing/deployments');
  for (let i = 0; i < 30; i++) {
    const run_id = `rep-${String(i).padStart(3, '0')}`;
    const executed = new Date(now - (i + 1) * 60_000);
    const started = await a.ingest('POST', '/api/v1/runs', {
      run_id,
      script: 'billing',
      function: i % 2 ? 'charge' : 'refund',
      source_type: 'api',
      source: 'Checkout API',
      executed_on: executed.toISOString(),
      input: { i },
    });
    expect(started.status).toBe(201);
    await a.ingest('POST', `/api/v1/runs/${run_id}/finish`, {
      status: i % 5 ? 'success' : 'failed',
      finished_at: new Date(executed.getTime() + 10 * i + 5).toISOString(),
      response_time_ms: 10 * i + 5,
      error: i % 5 ? undefined : 'TimeoutError: upstream',
    });
    await a.ingest('POST', '/api/v1/logs', [{ run_id, level: 'info', message: `charging card ${i}` }]);
  }
  await a.refresh();
}, 120_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const both = async (path: string, query: Record<string, unknown>) => {
  const [ra, rb] = await Promise.all([a.read(path, query), b.read(path, query)]);
  expect(ra.status).toBe(200);
  return [ra.body, rb.body];
};

it('stats, time series and by-version are the same from both', async () => {
  for (const path of ['/api/v1/runs/stats', '/api/v1/runs/timeseries', '/api/v1/runs/by-version']) {
    const [fromA, fromB] = await both(path, { script: 'billing', ...range });
    expect(fromB).toEqual(fromA);
  }
  const [stats] = await both('/api/v1/runs/stats', { script: 'billing', ...range });
  expect(stats).toMatchObject({ total_runs: 30, failed_runs: 6, timed_runs: 24 });
});

it("a runs page from A and the next from B with A's cursor list the same runs as A alone", async () => {
  const q = { script: 'billing', ...range, limit: 10, sort: 'response_time_ms', order: 'desc' };
  const first = await a.read('/api/v1/runs', q);
  const secondFromB = await b.read('/api/v1/runs', { ...q, cursor: first.body.next_cursor });
  const secondFromA = await a.read('/api/v1/runs', { ...q, cursor: first.body.next_cursor });
  expect(secondFromB.status).toBe(200);
  expect(secondFromB.body).toEqual(secondFromA.body);
  const ids = [...first.body.rows, ...secondFromB.body.rows].map((r: { run_id: string }) => r.run_id);
  expect(new Set(ids).size).toBe(20);
});

it('log search and the record view are the same from both', async () => {
  const [logsA, logsB] = await both('/api/v1/logs', { script: 'billing', ...range, q: 'charging' });
  expect(logsA.total).toBe(30);
  expect(logsB).toEqual(logsA);
  const [recA, recB] = await both('/api/v1/runs/rep-007', { script: 'billing', ...range });
  expect(recA.run.input).toEqual({ i: 7 });
  expect(recB).toEqual(recA);
});

it('the run and log index templates carry ES_SHARDS, ES_REPLICAS and ES_REFRESH_INTERVAL', async () => {
  const api = await startApi({ ES_SHARDS: '2', ES_REPLICAS: '1', ES_REFRESH_INTERVAL: '2s' });
  try {
    for (const kind of ['runs', 'logs']) {
      const res = await api.es.indices.getIndexTemplate({ name: `${api.prefix}-${kind}` });
      const index = res.index_templates[0]!.index_template.template!.settings!.index!;
      expect([index.number_of_shards, index.number_of_replicas, index.refresh_interval].map(String)).toEqual([
        '2',
        '1',
        '2s',
      ]);
    }
  } finally {
    await api.close();
  }
});

it('run and log indices keep their documents newest first (index sorting, for reads in time order)', async () => {
  const api = await startApi({});
  try {
    const at = new Date(Date.now() - 60_000).toISOString();
    await api.ingest('POST', '/api/v1/scripts/sorted/deployments');
    const run = {
      run_id: 'sorted-1',
      script: 'sorted',
      function: 'f',
      source_type: 'api',
      source: 'web',
      executed_on: at,
    };
    expect((await api.ingest('POST', '/api/v1/runs', run)).status).toBe(201);
    expect(
      (await api.ingest('POST', '/api/v1/logs', [{ run_id: 'sorted-1', level: 'info', message: 'm', timestamp: at }]))
        .status
    ).toBe(200);
    const settings = await api.es.indices.getSettings({ index: [`${api.prefix}-runs-*`, `${api.prefix}-logs-*`] });
    const sorts = Object.entries(settings).map(([name, s]) => [
      name.includes('-runs-') ? 'runs' : 'logs',
      s.settings!.index!.sort,
    ]);
    expect(sorts).toEqual(
      expect.arrayContaining([
        ['runs', expect.objectContaining({ field: ['executed_on'], order: ['desc'] })],
        ['logs', expect.objectContaining({ field: ['timestamp', 'seq'], order: ['desc', 'desc'] })],
      ])
    );
  } finally {
    await api.close();
  }
});
