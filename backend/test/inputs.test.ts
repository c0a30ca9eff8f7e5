import { parseDate } from '@runlens/contract';
import { type Api, INGEST, startApi } from './harness';

/**
 * Bad input against the real Elasticsearch: every refusal is a 400 naming the field, says
 * what was wrong in the caller's terms, and stores nothing; what Elasticsearch cannot
 * answer whole is a 5xx, never zeros.
 */
let api: Api;
beforeAll(async () => {
  api = await startApi();
  await api.ingest('POST', '/api/v1/scripts/billing/deployments');
});
afterAll(() => api.close());

const run = (over: Record<string, unknown> = {}) => ({
  script: 'billing',
  function: 'charge',
  source_type: 'api',
  source: 'checkout',
  ...over,
});
const line = (over: Record<string, unknown> = {}) => ({ run_id: 'r-1', level: 'info', message: 'm', ...over });
const paths = (res: { body: any }) => (res.body.error?.details ?? []).map((d: { path: string }) => d.path);

/** Documents and indices in the test's prefix: a refusal must leave both unchanged. */
async function stored() {
  await api.refresh();
  const rows = await api.es.cat.indices({ index: `${api.prefix}-*`, format: 'json', h: ['index', 'docs.count'] });
  return rows.map((r) => `${r.index}:${r['docs.count']}`).sort();
}

/** Deep JSON built without recursion. */
function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) {
    v = { a: v };
  }
  return v;
}

describe('the one date parser', () => {
  it.each([
    ['2026-11-31T10:00:00Z'],
    ['2026-02-29T00:00:00Z'],
    ['2026-01-01T24:00:00Z'],
    ['2026-01-01T10:00:00'],
    ['2026-01-01T10:00:00+19:00'],
    ['+275760-09-13T00:00:00Z'],
    ['10000-01-01T00:00:00Z'],
    ['1969-12-31T23:59:59Z'],
    ['next tuesday'],
  ])('refuses %s', (s) => {
    expect(parseDate(s, { dateOnly: true })).toBeNull();
  });
  it('refuses epoch values outside 1970–9999', () => {
    expect(parseDate(1e300)).toBeNull();
    expect(parseDate(-1)).toBeNull();
    expect(parseDate(Number.NaN)).toBeNull();
  });
  it('reads offsets, fractions, leap days and epoch milliseconds', () => {
    expect(parseDate('2028-02-29T23:30:00.123456-02:30')?.toISOString()).toBe('2028-03-01T02:00:00.123Z');
    expect(parseDate('9999-12-31T23:59:59.999Z')?.toISOString()).toBe('9999-12-31T23:59:59.999Z');
    expect(parseDate('1780000000000')?.getTime()).toBe(1780000000000);
    expect(parseDate('2026-05-01', { dateOnly: true })?.toISOString()).toBe('2026-05-01T00:00:00.000Z');
    expect(parseDate('2026-05-01')).toBeNull();
  });
});

describe('whole-batch refusal: nothing of a refused batch is stored', () => {
  const now = Date.now();
  it.each([
    ['deployment_version over 32 bits', line({ deployment_version: 3_000_000_000 }), 'body[1].deployment_version'],
    ['a timestamp of 1e300', line({ timestamp: 1e300 }), 'body[1].timestamp'],
    ['31 November', line({ timestamp: '2026-11-31T10:00:00Z' }), 'body[1].timestamp'],
    ['the year 2000 (older than retention)', line({ timestamp: '2000-01-01T00:00:00Z' }), 'body[1].timestamp'],
    ['the year 9999 (in the future)', line({ timestamp: '9999-01-01T00:00:00Z' }), 'body[1].timestamp'],
    ['an hour ahead', line({ timestamp: new Date(now + 3_600_000).toISOString() }), 'body[1].timestamp'],
    ['attributes 1,000 levels deep', line({ attributes: nested(1000) as object }), 'body[1].attributes.a'],
    ['a seq beyond 2^53', line({ seq: 2 ** 60 }), 'body[1].seq'],
  ])('%s', async (_name, bad, path) => {
    const before = await stored();
    const res = await api.ingest('POST', '/api/v1/logs', [line({ log_id: `ok-${path}-${_name.length}` }), bad]);
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(path);
    expect(JSON.stringify(res.body)).not.toMatch(/elasticsearch|mapper|_doc|https?:|line \d+ col/i);
    expect(await stored()).toEqual(before);
  });

  it('250 lines dated in the year 2000 create no index and store nothing', async () => {
    const before = await stored();
    const lines = Array.from({ length: 250 }, (_, i) =>
      line({ timestamp: new Date(Date.UTC(2000, 0, 1 + i)).toISOString() })
    );
    const res = await api.ingest('POST', '/api/v1/logs', [line(), ...lines]);
    expect(res.status).toBe(400);
    expect(res.body.error.details.length).toBeGreaterThan(0);
    expect(await stored()).toEqual(before);
  });

  it('input nested 20,000 levels deep is a 400, not a stack overflow', async () => {
    const raw = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
    const res = await api.call('POST', '/api/v1/runs', {
      token: INGEST,
      raw: JSON.stringify(run({ run_id: 'deep-1' })).replace(/}$/, `,"input":${raw}}`),
    });
    expect(res.status).toBe(400);
    expect(paths(res)[0]).toMatch(/^body(\.input)?/);
    const shallow = await api.ingest('POST', '/api/v1/runs', run({ run_id: 'deep-2', input: nested(1001) }));
    expect(shallow.status).toBe(400);
    expect(paths(shallow)[0]).toMatch(/^body\.input/);
  });
});

describe('runs: values Elasticsearch could refuse are 400s', () => {
  it.each([
    ['deployment_version 3e9', run({ deployment_version: 3e9 }), 'body.deployment_version'],
    ['executed_on 31 November', run({ executed_on: '2026-11-31T10:00:00Z' }), 'body.executed_on'],
    ['executed_on in 1999', run({ executed_on: '1999-01-01T00:00:00Z' }), 'body.executed_on'],
    [
      'executed_on next year',
      run({ executed_on: new Date(Date.now() + 400 * 86_400_000).toISOString() }),
      'body.executed_on',
    ],
  ])('start: %s', async (_name, body, path) => {
    const before = await stored();
    const res = await api.ingest('POST', '/api/v1/runs', body);
    expect(res.status).toBe(400);
    expect(paths(res)).toContain(path);
    expect(await stored()).toEqual(before);
  });

  it('finish: a response time over the documented maximum, and a date Elasticsearch cannot hold', async () => {
    for (const [body, path] of [
      [{ status: 'success', response_time_ms: 1e17 }, 'body.response_time_ms'],
      [{ status: 'success', response_time_ms: 100_000_000_001 }, 'body.response_time_ms'],
      [{ status: 'success', finished_at: '+275760-09-13T00:00:00Z' }, 'body.finished_at'],
    ] as const) {
      const res = await api.ingest('POST', '/api/v1/runs/never-stored/finish', body);
      expect(res.status).toBe(400);
      expect(paths(res)).toContain(path);
    }
  });
});

describe('reads: 400 naming the field, or a 5xx, never a silent zero', () => {
  it('extreme response times at the documented bounds still give percentiles', async () => {
    await api.ingest('POST', '/api/v1/runs', run({ run_id: 'rt-max' }));
    await api.ingest('POST', '/api/v1/runs/rt-max/finish', { status: 'success', response_time_ms: 100_000_000_000 });
    await api.ingest('POST', '/api/v1/runs', run({ run_id: 'rt-min' }));
    await api.ingest('POST', '/api/v1/runs/rt-min/finish', { status: 'success', response_time_ms: 0.0011 });
    for (let i = 0; i < 3; i++) {
      await api.ingest('POST', '/api/v1/runs', run({ run_id: `rt-${i}` }));
      await api.ingest('POST', '/api/v1/runs/rt-' + i + '/finish', { status: 'success', response_time_ms: 50 + i });
    }
    await api.refresh();
    const stats = await api.read('/api/v1/runs/stats', { script: 'billing' });
    expect(stats.status).toBe(200);
    expect(stats.body.total_runs).toBeGreaterThanOrEqual(5);
    expect(stats.body.p99_ms).toBeGreaterThan(1e10);
    for (const path of ['/api/v1/runs/timeseries', '/api/v1/runs/by-version']) {
      const res = await api.read(path, { script: 'billing' });
      expect(res.status).toBe(200);
      const rows = res.body.buckets ?? res.body.versions;
      expect(Math.max(...rows.map((r: { p99_ms: number | null }) => r.p99_ms ?? 0))).toBeGreaterThan(1e10);
    }
  });

  it('a shard failure is a 502 that says so, not data (values beyond the bounds, written behind the API)', async () => {
    // Elasticsearch's HDR histogram cannot span 1e-300 to 1: the percentile fails on the shard.
    // January's shard fails; February's answers: a partial answer, which used to be served as data.
    const doc = (run_id: string, response_time_ms: number, executed_on: string) => ({
      run_id,
      script: 'odd',
      status: 'success',
      deployment_version: 1,
      response_time_ms,
      executed_on,
    });
    await api.es.index({
      index: `${api.prefix}-runs-2026.01`,
      id: 'odd-1',
      document: doc('odd-1', 1e-300, '2026-01-02T00:00:00Z'),
    });
    await api.es.index({
      index: `${api.prefix}-runs-2026.01`,
      id: 'odd-2',
      document: doc('odd-2', 1, '2026-01-02T00:00:00Z'),
    });
    await api.es.index({
      index: `${api.prefix}-runs-2026.02`,
      id: 'odd-3',
      document: doc('odd-3', 5, '2026-02-02T00:00:00Z'),
    });
    await api.refresh();
    const range = { script: 'odd', from: '2026-01-01T00:00:00Z', to: '2026-02-28T00:00:00Z' };
    for (const path of ['/api/v1/runs/stats', '/api/v1/runs/timeseries', '/api/v1/runs/by-version']) {
      const res = await api.read(path, range);
      expect(res.status).toBe(502);
      expect(res.body.error.code).toBe('incomplete_answer');
      expect(res.body.error.message).toMatch(/no partial answer/);
    }
  });

  it.each([
    ['/api/v1/runs', 'to'],
    ['/api/v1/runs/stats', 'to'],
    ['/api/v1/logs', 'from'],
    ['/api/v1/deployments', 'to'],
  ])('%s: %s=+275760-09-13T00:00:00Z is a 400', async (path, param) => {
    const res = await api.read(path, { [param]: '+275760-09-13T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(paths(res)).toEqual([`query.${param}`]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'a filter on %s is a 400 on its field',
    async (field) => {
      for (const path of ['/api/v1/runs', '/api/v1/logs', '/api/v1/runs/stats']) {
        const res = await api.read(path, { filters: [{ field, op: 'is', values: ['x'] }] });
        expect(res.status).toBe(400);
        expect(paths(res)).toEqual(['query.filters[0].field']);
      }
    }
  );

  it('numbers Elasticsearch could not compare with an integer column are 400s', async () => {
    for (const values of [[3e9], [1.5], [1e300]]) {
      const res = await api.read('/api/v1/runs', { filters: [{ field: 'deployment_version', op: 'is', values }] });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['query.filters[0].values[0]']);
    }
  });

  it.each(['+99:99', '+18:01', 'europe/paris', 'EST', 'Mars/Olympus', '../etc'])(
    'tz=%s is a 400 on query.tz',
    async (tz) => {
      for (const path of ['/api/v1/runs/timeseries', '/api/v1/logs/timeseries']) {
        const res = await api.read(path, { tz });
        expect(res.status).toBe(400);
        expect(paths(res)).toEqual(['query.tz']);
      }
    }
  );

  it('time zones Elasticsearch knows, in any spelling it accepts, still work', async () => {
    for (const tz of ['Asia/Kolkata', 'Europe/Paris', 'UTC', '-18:00', '+05:30', 'America/Argentina/Buenos_Aires']) {
      expect((await api.read('/api/v1/runs/timeseries', { tz })).status).toBe(200);
    }
  });

  it('cursors: tampered content, or a cursor of another query with the same sort, are 400s', async () => {
    for (let i = 0; i < 3; i++) {
      await api.ingest('POST', '/api/v1/runs', run({ run_id: `page-${i}` }));
    }
    await api.refresh();
    const first = await api.read('/api/v1/runs', { script: 'billing', limit: 1 });
    const cursor = first.body.next_cursor as string;
    expect(cursor).toEqual(expect.any(String));
    expect((await api.read('/api/v1/runs', { script: 'billing', limit: 1, cursor })).status).toBe(200);
    const body = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    const forge = (over: object) => Buffer.from(JSON.stringify({ ...body, ...over })).toString('base64url');
    for (const bad of [
      forge({ after: [] }),
      forge({ after: [{}] }),
      forge({ after: ['not-a-date', 'x'] }),
      forge({ after: [1, 2, 3, 4, 5] }),
      'not base64 at all!',
    ]) {
      const res = await api.read('/api/v1/runs', { script: 'billing', limit: 1, cursor: bad });
      expect(res.status).toBe(400);
      expect(paths(res)).toEqual(['query.cursor']);
    }
    const other = await api.read('/api/v1/runs', { script: 'other-script', limit: 1, cursor });
    expect(other.status).toBe(400);
    expect(paths(other)).toEqual(['query.cursor']);
  });

  it('answers carry nosniff and no-store', async () => {
    const res = await api.call('GET', '/api/v1/runs');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const refused = await api.call('GET', '/api/v1/runs', { token: null });
    expect(refused.headers.get('cache-control')).toBe('no-store');
  });
});
