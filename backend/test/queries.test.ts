import { applyFinish, applyStart, type FinishEvent, type RunDoc, type StartEvent } from '../src/runs/lifecycle';
import { type Api, exactPercentile, pool, rng, startApi } from './harness';

/**
 * Every read of the query API against exact answers computed here from the same generated
 * data: metrics, each filter operator with AND and OR, free text, sorting and paging.
 */
let api: Api;
const runs: RunDoc[] = [];
const HOUR = 3_600_000;
const now = Date.now();
const from = new Date(now - 3 * 24 * HOUR).toISOString();
const to = new Date(now).toISOString();
const range = { from, to };

const SCRIPTS = ['alpha', 'beta'];
const FUNCTIONS = ['fetchQuote', 'charge', 'refund_v2'];
const SOURCES = ['Checkout API', 'nightly-sync', 'Support Tool'];

beforeAll(async () => {
  api = await startApi();
  const random = rng(42);
  for (const script of SCRIPTS) {
    for (let v = 1; v <= 3; v++) {
      await api.ingest('POST', `/api/v1/scripts/${script}/deployments`);
    }
  }
  type Plan = { start: Record<string, unknown>; finish?: Record<string, unknown> };
  const plans: Plan[] = [];
  for (let i = 0; i < 2400; i++) {
    const script = SCRIPTS[i % 2]!;
    const version = 1 + Math.floor(random() * 3);
    const executed = now - Math.floor(random() * 70 * HOUR) - 60_000;
    const r = random();
    const status = r < 0.12 ? 'failed' : r < 0.15 ? 'in_progress' : 'success';
    // Log-normal response times; version 3 of beta is slower (a regression).
    const slow = script === 'beta' && version === 3 ? 3 : 1;
    const rt = Math.round(Math.exp(4 + random() * 1.6 + (random() < 0.02 ? 2 : 0)) * slow * 10) / 10;
    const start = {
      run_id: `run-${String(i).padStart(5, '0')}`,
      script,
      function: FUNCTIONS[Math.floor(random() * 3)],
      source_type: random() < 0.6 ? 'api' : 'tool',
      source: SOURCES[Math.floor(random() * 3)],
      executed_on: new Date(executed).toISOString(),
      deployment_version: version,
      input: { i },
    };
    const finish =
      status === 'in_progress'
        ? undefined
        : {
            status,
            finished_at: new Date(executed + rt).toISOString(),
            response_time_ms: rt,
            error: status === 'failed' ? `E_${i % 4}: upstream timeout` : undefined,
            output: { i },
          };
    plans.push({ start, finish });
  }
  await pool(plans, 8, async (p) => {
    const s = await api.ingest('POST', '/api/v1/runs', p.start);
    if (s.status !== 201) {
      throw new Error(JSON.stringify(s.body));
    }
    if (p.finish) {
      await api.ingest('POST', `/api/v1/runs/${p.start.run_id}/finish`, p.finish);
    }
  });
  for (const p of plans) {
    const started = applyStart(null, p.start as unknown as StartEvent, '')!;
    runs.push(p.finish ? applyFinish(started, { ...p.finish, run_id: started.run_id } as FinishEvent, '')! : started);
  }
  await api.refresh();
}, 180_000);
afterAll(() => api.close());

function expectedMetrics(subset: RunDoc[]) {
  const times = subset.filter((r) => r.response_time_ms !== null).map((r) => r.response_time_ms!);
  const failed = subset.filter((r) => r.status === 'failed').length;
  return {
    total_runs: subset.length,
    failed_runs: failed,
    failure_rate: subset.length ? Math.round((failed / subset.length) * 10000) / 100 : 0,
    p90_ms: exactPercentile(times, 90),
    p99_ms: exactPercentile(times, 99),
    timed_runs: times.length,
    p90_reliable: times.length >= 100,
    p99_reliable: times.length >= 1000,
  };
}

/** Below EXACT_PERCENTILE_LIMIT timed runs (all selections here) P90 and P99 are exact, not estimated. */
function expectExact(actual: Record<string, unknown>, expected: Record<string, unknown>) {
  expect({ ...actual, p90_ms: null, p99_ms: null }).toEqual({ ...expected, p90_ms: null, p99_ms: null });
  for (const k of ['p90_ms', 'p99_ms']) {
    expect(actual[k]).toBeCloseTo(Number(expected[k]), 9);
  }
}

describe('metrics', () => {
  it.each(SCRIPTS)('stats of %s equal the exact values', async (script) => {
    const res = await api.read('/api/v1/runs/stats', { script, ...range });
    expectExact(res.body, expectedMetrics(runs.filter((r) => r.script === script)));
  });

  it('says how many runs each percentile is computed over, and whether that is enough', async () => {
    // A few dozen timed runs: P90 and P99 are there, but flagged (10 / (1 − p) = 100 and 1,000).
    const filters = [{ field: 'response_time_ms', op: 'lt', values: [60] }];
    const few = runs.filter((r) => r.script === 'alpha' && r.response_time_ms !== null && r.response_time_ms < 60);
    expect(few.length).toBeGreaterThan(10);
    expect(few.length).toBeLessThan(100);
    const res = await api.read('/api/v1/runs/stats', { script: 'alpha', ...range, filters });
    expect(res.body).toMatchObject({ timed_runs: few.length, p90_reliable: false, p99_reliable: false });
    expect(res.body.p99_ms).toBeCloseTo(
      exactPercentile(
        few.map((r) => r.response_time_ms!),
        99
      )!,
      9
    );
    // Failed and in-progress runs count in total_runs, never behind a percentile.
    const all = await api.read('/api/v1/runs/stats', { ...range });
    const timed = runs.filter((r) => r.response_time_ms !== null).length;
    expect(all.body.total_runs).toBeGreaterThan(timed);
    expect(all.body).toMatchObject({ timed_runs: timed, p90_reliable: true, p99_reliable: timed >= 1000 });
  });

  it('computes failure rate to two decimals (1 failed of 3 = 33.33)', async () => {
    const three = runs.filter((r) => r.script === 'alpha' && r.status !== 'in_progress');
    const pick = [
      three.find((r) => r.status === 'failed')!,
      ...three.filter((r) => r.status === 'success').slice(0, 2),
    ];
    const res = await api.read('/api/v1/runs/stats', {
      ...range,
      filters: [{ field: 'run_id', op: 'is', values: pick.map((r) => r.run_id) }],
    });
    expect(res.body.failure_rate).toBe(33.33);
  });

  it('gives the same metrics per deployment version', async () => {
    const res = await api.read('/api/v1/runs/by-version', { script: 'beta', ...range });
    expect(res.body.versions.map((v: { deployment_version: number }) => v.deployment_version)).toEqual([3, 2, 1]);
    for (const v of res.body.versions) {
      const { deployment_version, ...metrics } = v;
      expectExact(
        metrics,
        expectedMetrics(runs.filter((r) => r.script === 'beta' && r.deployment_version === deployment_version))
      );
    }
    // The regression of beta v3 shows.
    expect(res.body.versions[0].p90_ms).toBeGreaterThan(2 * res.body.versions[1].p90_ms);
  });

  it('buckets time series hourly up to a day and daily beyond', async () => {
    const day = await api.read('/api/v1/runs/timeseries', {
      script: 'alpha',
      from: new Date(now - 24 * HOUR).toISOString(),
      to,
    });
    expect(day.body.interval).toBe('1h');
    const week = await api.read('/api/v1/runs/timeseries', { script: 'alpha', ...range });
    expect(week.body.interval).toBe('1d');
    const alpha = runs.filter((r) => r.script === 'alpha');
    const byDay = new Map<string, RunDoc[]>();
    for (const r of alpha) {
      const d = r.executed_on!.slice(0, 10);
      byDay.set(d, [...(byDay.get(d) ?? []), r]);
    }
    for (const b of week.body.buckets) {
      const subset = byDay.get(b.time.slice(0, 10)) ?? [];
      const e = expectedMetrics(subset);
      expect([b.time, b.total_runs, b.failed_runs, b.failure_rate, b.timed_runs, b.p90_reliable]).toEqual([
        b.time,
        subset.length,
        e.failed_runs,
        e.failure_rate,
        e.timed_runs,
        e.p90_reliable,
      ]);
    }
    expect(week.body.buckets.reduce((n: number, b: { total_runs: number }) => n + b.total_runs, 0)).toBe(alpha.length);
    const custom = await api.read('/api/v1/runs/timeseries', { script: 'alpha', ...range, interval: '6h' });
    expect(custom.body.interval).toBe('6h');
    const tooMany = await api.read('/api/v1/runs/timeseries', { script: 'alpha', ...range, interval: '1m' });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('query.interval');
  });

  it('lists distinct values for template variables', async () => {
    const res = await api.read('/api/v1/runs/values', { field: 'function', script: 'alpha', ...range });
    expect(res.body.values.map((v: { value: string }) => v.value)).toEqual([...FUNCTIONS].sort());
  });
});

type Cond = { field: string; op: string; values: unknown[] };
const lower = (v: unknown) => String(v).toLowerCase();
function holds(r: RunDoc, c: Cond): boolean {
  const value = (r as unknown as Record<string, unknown>)[c.field];
  switch (c.op) {
    case 'is':
      return c.values.map(String).includes(String(value));
    case 'is_not':
      return !c.values.map(String).includes(String(value));
    case 'contains':
      return value !== null && lower(value).includes(lower(c.values[0]));
    case 'gt':
      return value !== null && (value as number) > Number(c.values[0]);
    case 'lt':
      return value !== null && (value as number) < Number(c.values[0]);
    case 'between': {
      // Bounds in either order.
      const [lo, hi] = c.values.map(Number).sort((a, b) => a - b) as [number, number];
      return value !== null && (value as number) >= lo && (value as number) <= hi;
    }
  }
  throw new Error(c.op);
}

const CASES: Array<[string, Cond[]]> = [
  ['status is failed', [{ field: 'status', op: 'is', values: ['failed'] }]],
  ['status is many', [{ field: 'status', op: 'is', values: ['failed', 'in_progress'] }]],
  ['status is not success', [{ field: 'status', op: 'is_not', values: ['success'] }]],
  ['version is 2', [{ field: 'deployment_version', op: 'is', values: [2] }]],
  ['version is not 1,3', [{ field: 'deployment_version', op: 'is_not', values: [1, 3] }]],
  ['response time > 200', [{ field: 'response_time_ms', op: 'gt', values: [200] }]],
  ['response time < 80', [{ field: 'response_time_ms', op: 'lt', values: [80] }]],
  ['response time between', [{ field: 'response_time_ms', op: 'between', values: [300, 100] }]],
  ['function contains (any case)', [{ field: 'function', op: 'contains', values: ['CHAR'] }]],
  ['function contains underscore', [{ field: 'function', op: 'contains', values: ['d_v'] }]],
  ['source contains space', [{ field: 'source', op: 'contains', values: ['t API'] }]],
  ['source is', [{ field: 'source', op: 'is', values: ['nightly-sync'] }]],
  ['source type is tool', [{ field: 'source_type', op: 'is', values: ['tool'] }]],
  ['run id contains', [{ field: 'run_id', op: 'contains', values: ['-001'] }]],
  ['wildcard characters are literal', [{ field: 'function', op: 'contains', values: ['*'] }]],
  [
    'three conditions',
    [
      { field: 'status', op: 'is', values: ['success'] },
      { field: 'source_type', op: 'is', values: ['api'] },
      { field: 'response_time_ms', op: 'between', values: [50, 150] },
    ],
  ],
];

describe('filters', () => {
  const alpha = () => runs.filter((r) => r.script === 'alpha');
  it.each(CASES)('%s: AND and OR give exactly the matching runs', async (_name, conds) => {
    for (const match of ['all', 'any'] as const) {
      const res = await api.read('/api/v1/runs', {
        script: 'alpha',
        ...range,
        filters: conds,
        match,
        limit: 1000,
        sort: 'run_id',
        order: 'asc',
      });
      const expected = alpha().filter((r) =>
        match === 'all' ? conds.every((c) => holds(r, c)) : conds.some((c) => holds(r, c))
      );
      expect(res.body.total).toBe(expected.length);
      expect(res.body.rows.map((r: RunDoc) => r.run_id).sort()).toEqual(
        expected
          .map((r) => r.run_id)
          .sort()
          .slice(0, 1000)
      );
    }
  });

  it('matches free text over run id, function, source and error', async () => {
    for (const q of ['run-0012', 'refund', 'support', 'upstream timeout', 'E_3']) {
      const res = await api.read('/api/v1/runs', { script: 'alpha', ...range, q, limit: 1000 });
      const expected = alpha().filter(
        (r) =>
          [r.run_id, r.function, r.source].some((v) => lower(v).includes(lower(q))) ||
          (r.error !== null && lower(r.error).includes(lower(q)))
      );
      expect([q, res.body.total]).toEqual([q, expected.length]);
    }
  });

  it('treats user text as data, never as query syntax', async () => {
    for (const q of ['status:failed OR *', '"unterminated', 'a\\b', '(*)']) {
      const res = await api.read('/api/v1/runs', { ...range, q });
      expect([q, res.status, res.body.total]).toEqual([q, 200, 0]);
    }
  });

  it('rejects unknown fields, wrong operators and wrong values with paths', async () => {
    const res = await api.read('/api/v1/runs', {
      filters: [
        { field: 'executed_on', op: 'is', values: ['x'] },
        { field: 'status', op: 'gt', values: [1] },
        { field: 'response_time_ms', op: 'between', values: [1] },
        { field: 'status', op: 'is', values: ['done'] },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'query.filters[0].field',
      'query.filters[1].op',
      'query.filters[2].values',
      'query.filters[3].values[0]',
    ]);
  });
});

describe('paging and the record view', () => {
  async function all(query: Record<string, unknown>) {
    const ids: string[] = [];
    let cursor: string | undefined;
    let total = 0;
    for (let page = 0; page < 200; page++) {
      const res = await api.read('/api/v1/runs', { ...query, ...range, limit: 97, cursor });
      total = res.body.total;
      ids.push(...res.body.rows.map((r: RunDoc) => r.run_id));
      cursor = res.body.next_cursor ?? undefined;
      if (!cursor) {
        break;
      }
    }
    return { ids, total };
  }

  it.each([
    ['executed_on', 'desc'],
    ['response_time_ms', 'asc'],
    ['function', 'desc'],
    ['status', 'asc'],
  ])('pages through every run sorted by %s %s with no gaps or repeats', async (sort, order) => {
    const { ids, total } = await all({ sort, order });
    expect(total).toBe(runs.length);
    expect(ids).toHaveLength(runs.length);
    expect(new Set(ids).size).toBe(runs.length);
    if (sort === 'response_time_ms') {
      // Empty response times (failed, in progress) come last.
      const byId = new Map(runs.map((r) => [r.run_id, r]));
      const values = ids.map((id) => byId.get(id)!.response_time_ms);
      const firstNull = values.indexOf(null);
      expect(values.slice(firstNull).every((v) => v === null)).toBe(true);
      const timed = values.slice(0, firstNull) as number[];
      expect(timed).toEqual([...timed].sort((a, b) => a - b));
    }
  });

  it('gives the record with input, output and its neighbours in the caller list', async () => {
    const query = {
      script: 'beta',
      filters: [{ field: 'status', op: 'is', values: ['failed'] }],
      sort: 'response_time_ms',
      order: 'asc',
    };
    const list = await all(query);
    const middle = list.ids[5]!;
    const res = await api.read(`/api/v1/runs/${middle}`, { ...query, ...range });
    expect(res.body.run).toMatchObject({
      run_id: middle,
      status: 'failed',
      output: { i: expect.any(Number) },
      input: { i: expect.any(Number) },
    });
    expect(res.body.run.error).toMatch(/upstream timeout/);
    expect([res.body.prev_run_id, res.body.next_run_id]).toEqual([list.ids[4], list.ids[6]]);
    const first = await api.read(`/api/v1/runs/${list.ids[0]}`, { ...query, ...range });
    expect(first.body.prev_run_id).toBeNull();
    const last = await api.read(`/api/v1/runs/${list.ids[list.ids.length - 1]}`, { ...query, ...range });
    expect(last.body.next_run_id).toBeNull();
  });

  it('rejects a cursor it did not make, or one from another sort', async () => {
    expect((await api.read('/api/v1/runs', { cursor: 'not-a-cursor' })).status).toBe(400);
    const first = await api.read('/api/v1/runs', { ...range, limit: 5, sort: 'function' });
    const other = await api.read('/api/v1/runs', {
      ...range,
      limit: 5,
      sort: 'status',
      cursor: first.body.next_cursor,
    });
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].path).toBe('query.cursor');
  });

  it('buckets in the caller time zone and refuses an unknown one', async () => {
    const kolkata = await api.read('/api/v1/runs/timeseries', { script: 'alpha', ...range, tz: 'Asia/Kolkata' });
    expect(kolkata.body.buckets[0].time).toMatch(/T18:30:00.000Z$/);
    const bad = await api.read('/api/v1/runs/timeseries', { script: 'alpha', ...range, tz: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('query.tz');
  });
});
