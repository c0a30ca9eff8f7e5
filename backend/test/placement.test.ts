import { type Api, startApi } from './harness';

/**
 * One document per run whatever the gap between its events: month and year boundaries,
 * finish before start, runs longer than a month, and start and finish racing each other.
 * Counted in Elasticsearch itself, across every runs index.
 */
let api: Api;
beforeAll(async () => {
  // A window wide enough for last year's New Year's Eve.
  api = await startApi({ RETENTION_DAYS: '1000' });
  await api.ingest('POST', '/api/v1/scripts/billing/deployments');
});
afterAll(() => api.close());

const start = (run_id: string, executed_on: string) =>
  api.ingest('POST', '/api/v1/runs', {
    run_id,
    executed_on,
    script: 'billing',
    function: 'charge',
    source_type: 'api',
    source: 'checkout',
  });
const finish = (run_id: string, finished_at: string) =>
  api.ingest('POST', `/api/v1/runs/${run_id}/finish`, { status: 'success', finished_at });

/** Every stored copy of a run, in whichever index. */
async function copies(runId: string) {
  await api.refresh();
  const res = await api.es.search<{ status: string; script: string | null }>({
    index: `${api.prefix}-runs-*`,
    query: { term: { run_id: runId } },
  });
  return res.hits.hits.map((h) => ({ index: h._index, status: h._source!.status, script: h._source!.script }));
}

/** Pairs of (start, finish) times that straddle month and year boundaries or last longer than 31 days. */
const year = new Date().getUTCFullYear() - 1;
const iso = (s: string) => new Date(s).toISOString();
const cases: Array<[string, string, string]> = [
  ['month', iso(`${year}-10-31T23:59:59.500Z`), iso(`${year}-11-01T00:00:00.500Z`)],
  ['year', iso(`${year}-12-31T23:59:00Z`), iso(`${year + 1}-01-01T00:01:00Z`)],
  ['long', iso(`${year}-03-15T10:00:00Z`), iso(`${year}-06-20T10:00:00Z`)],
];

describe.each(cases)('a run across a %s boundary', (name, startedAt, finishedAt) => {
  it('start then finish: one finished document', async () => {
    const id = `sf-${name}`;
    expect((await start(id, startedAt)).status).toBe(201);
    expect((await finish(id, finishedAt)).status).toBe(200);
    const found = await copies(id);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'success', script: 'billing' });
  });

  it('finish first: one document, started and finished', async () => {
    const id = `fs-${name}`;
    expect((await finish(id, finishedAt)).status).toBe(200);
    expect((await start(id, startedAt)).status).toBe(201);
    const found = await copies(id);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ status: 'success', script: 'billing' });
    const record = await api.read(`/api/v1/runs/${id}`, { from: startedAt, to: finishedAt });
    expect(record.body.run).toMatchObject({ executed_on: startedAt, finished_at: finishedAt, status: 'success' });
  });

  it('start and finish racing (and repeated), 20 runs: 20 documents, all finished', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `race-${name}-${i}`);
    const answers = await Promise.all(
      ids.flatMap((id) => [start(id, startedAt), finish(id, finishedAt), start(id, startedAt), finish(id, finishedAt)])
    );
    expect(answers.every((a) => a.status === 200 || a.status === 201)).toBe(true);
    for (const id of ids) {
      const found = await copies(id);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ status: 'success', script: 'billing' });
    }
  });

  it("a log line dated in a later month keeps its run's script and function", async () => {
    const id = `log-${name}`;
    await start(id, startedAt);
    const res = await api.ingest('POST', '/api/v1/logs', [
      { run_id: id, level: 'info', message: 'late line', timestamp: finishedAt },
    ]);
    expect(res.status).toBe(200);
    await api.refresh();
    const logs = await api.read('/api/v1/logs', {
      script: 'billing',
      from: startedAt,
      to: finishedAt,
      filters: [{ field: 'run_id', op: 'is', values: [id] }],
    });
    expect(logs.body.rows).toEqual([
      expect.objectContaining({ message: 'late line', script: 'billing', function: 'charge' }),
    ]);
  });
});
