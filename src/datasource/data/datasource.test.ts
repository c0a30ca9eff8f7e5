import { dateTime, FieldType, type DataFrame, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { instanceSettings, log, run } from '../test/fixtures';
import { mockFetch, paramsOf, type Route } from '../test/mockBackendSrv';
import type { FlatQuery } from './query/migrate';
import type { RunLensQuery } from './queryTypes/registry';
import { RunLensDataSource } from './datasource';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
}));

const from = Date.UTC(2026, 10, 19);
const to = Date.UTC(2026, 10, 26);

function request(targets: Array<Partial<FlatQuery>>, extra: Partial<DataQueryRequest<RunLensQuery>> = {}) {
  return {
    targets: targets.map((t, i) => ({ refId: String.fromCharCode(65 + i), ...t })),
    range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-7d', to: 'now' } },
    scopedVars: {},
    ...extra,
  } as DataQueryRequest<RunLensQuery>;
}

/** The whole answer (the observable completes unless a run is in progress). */
const runQuery = (ds: RunLensDataSource, req: DataQueryRequest<RunLensQuery>) => lastValueFrom(ds.query(req));

/** The runs behind the percentiles, as the backend answers them (fewer than 100: flagged). */
const timed = (n: number) => ({ timed_runs: n, p90_reliable: n >= 100, p99_reliable: n >= 1000 });

function setup(route: Route, vars: Record<string, string | string[]> = {}) {
  backend = mockFetch(route);
  return new RunLensDataSource(instanceSettings, fakeTemplateSrv(vars));
}

describe('RunLensDataSource.query', () => {
  it('calls the backend through the data-proxy route, with $variables and the time range applied', async () => {
    const ds = setup(
      () => ({
        data: { total_runs: 3, failed_runs: 1, p90_ms: 120, p99_ms: 180, failure_rate: 33.33, ...timed(2) },
      }),
      {
        script: ['billing', 'orders'],
      }
    );
    const res = await runQuery(ds, request([{ queryType: 'stats', scripts: ['$script'] }]));
    const url = backend.calls[0];
    expect(url.pathname).toBe('/api/datasources/proxy/uid/runlens/runlens/api/v1/runs/stats');
    expect(paramsOf(url)).toMatchObject({ script: ['billing', 'orders'], from: String(from), to: String(to) });

    const frame = res.data[0];
    const field = (name: string) => frame.fields.find((f: { name: string }) => f.name === name);
    expect(field('total_runs').values).toEqual([3]);
    expect(field('p90_ms').config.unit).toBe('ms');
    expect(field('p99_ms').values).toEqual([180]);
    expect(field('failure_rate')).toMatchObject({ values: [33.33], config: { unit: 'percent' } });
    expect(field('timed_runs')).toMatchObject({ values: [2], config: { displayName: 'Timed Runs' } });
  });

  it('pages runs through next_cursor up to maxRows and says when more matched', async () => {
    const all = Array.from({ length: 7 }, (_, i) => run(i));
    const ds = setup((url) => {
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const limit = Number(url.searchParams.get('limit'));
      const rows = all.slice(start, start + limit);
      return {
        data: { total: all.length, rows, next_cursor: start + limit < all.length ? String(start + limit) : null },
      };
    });
    const res = await runQuery(ds, request([{ queryType: 'runs', limit: 2, maxRows: 5 }]));
    expect(backend.calls.map((u) => [u.searchParams.get('cursor'), u.searchParams.get('limit')])).toEqual([
      [null, '2'],
      ['2', '2'],
      ['4', '1'],
    ]);
    const frame = res.data[0];
    expect(frame.length).toBe(5);
    expect(frame.meta.notices[0].text).toMatch(/^5 of 7 runs shown: export for all/);
    // The panel menu's Export CSV gets the table's own selection, every page of it.
    expect(frame.meta.custom.runlensExport).toEqual({
      baseUrl: '/api/datasources/proxy/uid/runlens/runlens',
      request: { kind: 'runs', script: [], from: String(from), to: String(to) },
      total: 7,
    });
  });

  it('fetches every page when they fit in maxRows, without a notice', async () => {
    const all = Array.from({ length: 3 }, (_, i) => run(i));
    const ds = setup((url) => {
      const start = Number(url.searchParams.get('cursor') ?? 0);
      return {
        data: { total: 3, rows: all.slice(start, start + 2), next_cursor: start + 2 < 3 ? String(start + 2) : null },
      };
    });
    const res = await runQuery(ds, request([{ queryType: 'runs', limit: 2, maxRows: 100 }]));
    expect(res.data[0].length).toBe(3);
    expect(res.data[0].meta.notices).toBeUndefined();
  });

  it('returns runs as a typed table whose Run ID opens the record view', async () => {
    const ds = setup(() => ({
      data: { total: 1, rows: [run(1, { status: 'failed', response_time_ms: null })], next_cursor: null },
    }));
    const frame = (await runQuery(ds, request([{ queryType: 'runs' }]))).data[0];
    expect(frame.fields.map((f: { name: string }) => f.name).slice(0, 8)).toEqual([
      'run_id',
      'status',
      'deployment_version',
      'response_time_ms',
      'function',
      'executed_on',
      'source_type',
      'source',
    ]);
    const runId = frame.fields[0];
    expect(runId.config.links[0].title).toBe('Open record view');
    expect(runId.config.links[0].url).toContain('var-run_id=');
    expect(frame.fields[5].type).toBe(FieldType.time);
    expect(frame.fields[5].values[0]).toBe(Date.parse(run(1).executed_on));
    expect(frame.fields[3].values).toEqual([null]);
    expect(frame.fields[1].config.mappings[0].options.failed).toMatchObject({ text: 'Failed', color: 'red' });
  });

  it('returns logs as a frame Explore shows as logs: time, message body, level', async () => {
    const ds = setup(() => ({ data: { total: 2, rows: [log(1, { level: 'error' }), log(2)], next_cursor: null } }));
    const frame = (await runQuery(ds, request([{ queryType: 'logs' }]))).data[0];
    expect(frame.meta.preferredVisualisationType).toBe('logs');
    expect(frame.fields[0]).toMatchObject({ name: 'timestamp', type: FieldType.time });
    expect(frame.fields[1]).toMatchObject({ name: 'message', type: FieldType.string, values: ['line 1', 'line 2'] });
    expect(frame.fields.find((f: { name: string }) => f.name === 'level').values).toEqual(['error', 'info']);
    expect(frame.fields.find((f: { name: string }) => f.name === 'log_id').values).toEqual(['log-1', 'log-2']);
  });

  it('Explore reads stdout as info and stderr as error, and keeps the recorded level beside', async () => {
    const ds = setup(() => ({
      data: { total: 2, rows: [log(1, { level: 'stdout' }), log(2, { level: 'stderr' })], next_cursor: null },
    }));
    const frame = (await runQuery(ds, request([{ queryType: 'logs' }]))).data[0];
    const field = (name: string) => frame.fields.find((f: { name: string }) => f.name === name);
    expect(field('level').values).toEqual(['info', 'error']);
    expect(field('log_level').values).toEqual(['stdout', 'stderr']);
  });

  it('Total Logs: a count-only logs query sends limit=1 with the same filters, search and ad hoc filters, and returns the total', async () => {
    const ds = setup(() => ({ data: { total: 1234, rows: [log(1)], next_cursor: 'c1' } }), { search: 'timeout' });
    const res = await runQuery(
      ds,
      request(
        [
          {
            queryType: 'logs',
            countOnly: true,
            q: '$search',
            filters: [{ field: 'level', op: 'is', values: ['stderr'] }],
          },
        ],
        {
          filters: [{ key: 'run_id', operator: '=', value: 'run-7' }],
        }
      )
    );
    expect(backend.calls).toHaveLength(1);
    const p = paramsOf(backend.calls[0]);
    expect(backend.calls[0].pathname).toMatch(/\/api\/v1\/logs$/);
    expect(p).toMatchObject({ limit: '1', q: 'timeout', match: 'all' });
    expect(p.filters).toEqual([
      { field: 'level', op: 'is', values: ['stderr'] },
      { field: 'run_id', op: 'is', values: ['run-7'] },
    ]);
    expect(res.data).toHaveLength(1);
    expect(res.data[0].length).toBe(1);
    expect(res.data[0].fields).toHaveLength(1);
    expect(res.data[0].fields[0]).toMatchObject({
      name: 'total_logs',
      type: FieldType.number,
      values: [1234],
      config: { displayName: 'Total Logs', unit: 'none', decimals: 0 },
    });
  });

  it('returns time series with a time field and by-version keyed by version', async () => {
    const ds = setup((url) =>
      url.pathname.endsWith('/timeseries')
        ? {
            data: {
              interval: '1h',
              buckets: [
                {
                  time: '2026-11-20T10:00:00.000Z',
                  total_runs: 4,
                  failed_runs: 1,
                  failure_rate: 25,
                  p90_ms: 90,
                  p99_ms: 99,
                  ...timed(3),
                },
              ],
            },
          }
        : {
            data: {
              versions: [
                {
                  deployment_version: 3,
                  total_runs: 4,
                  failed_runs: 0,
                  failure_rate: 0,
                  p90_ms: 1,
                  p99_ms: 2,
                  ...timed(4),
                },
              ],
            },
          }
    );
    const res = await runQuery(
      ds,
      request([{ queryType: 'timeseries' }, { queryType: 'byVersion' }], { timezone: 'Europe/Paris' })
    );
    // Day buckets start at the dashboard's midnight.
    expect(backend.calls[0].searchParams.get('tz')).toBe('Europe/Paris');
    const [ts, bv] = res.data;
    expect(ts.fields[0]).toMatchObject({
      name: 'time',
      type: FieldType.time,
      values: [Date.parse('2026-11-20T10:00:00.000Z')],
    });
    expect(ts.fields[0].config.interval).toBe(3_600_000);
    expect(bv.fields[0]).toMatchObject({ name: 'deployment_version', values: [3] });
    // The runs behind each bucket's and each version's percentiles.
    const timedOf = (frame: DataFrame) => frame.fields.find((f) => f.name === 'timed_runs')?.values;
    expect([timedOf(ts), timedOf(bv)]).toEqual([[3], [4]]);
  });

  it('log volume: the logs table selection ($variables, All, search, ad hoc filters) as level series', async () => {
    const zero = { stdout: 0, stderr: 0, info: 0, debug: 0, warning: 0, error: 0 };
    const ds = setup(
      () => ({
        data: {
          interval: '1d',
          buckets: [{ time: '2026-11-20T00:00:00.000Z', total_logs: 5, by_level: { ...zero, stdout: 4, error: 1 } }],
        },
      }),
      { script: ['billing', 'orders'], level: ['stdout', 'error'], search: 'charge' }
    );
    const target = {
      queryType: 'logVolume' as const,
      scripts: ['$script'],
      filters: [{ field: 'level', op: 'is' as const, values: ['$level'] }],
      match: 'all' as const,
      q: '$search',
    };
    const res = await runQuery(
      ds,
      request([target], {
        timezone: 'Europe/Paris',
        filters: [{ key: 'message', operator: '!=', value: 'retrying' }],
      })
    );
    const url = backend.calls[0];
    expect(url.pathname).toBe('/api/datasources/proxy/uid/runlens/runlens/api/v1/logs/timeseries');
    expect(paramsOf(url)).toMatchObject({
      script: ['billing', 'orders'],
      from: String(from),
      to: String(to),
      q: 'charge',
      match: 'all',
      tz: 'Europe/Paris',
      filters: [
        { field: 'level', op: 'is', values: ['stdout', 'error'] },
        { field: 'message', op: 'is_not', values: ['retrying'] },
      ],
    });
    expect(res.errors).toBeUndefined();
    const [frame] = res.data;
    expect(frame.refId).toBe('A');
    expect(frame.fields.map((f: { name: string }) => f.name)).toEqual([
      'time',
      'stdout',
      'stderr',
      'info',
      'debug',
      'warning',
      'error',
    ]);
    expect(frame.fields[1].values).toEqual([4]);
    expect(frame.fields[6].values).toEqual([1]);
    expect(ds.getQueryDisplayText({ refId: 'A', ...target })).toBe(
      'Log volume of $script · level is $level · "$search"'
    );
  });

  it('log volume: a level variable set to All filters no level', async () => {
    backend = mockFetch(() => ({ data: { interval: '1h', buckets: [] } }));
    const ds = new RunLensDataSource(instanceSettings, fakeTemplateSrv({ level: ['stdout', 'error'] }, ['level']));
    await runQuery(
      ds,
      request([{ queryType: 'logVolume', filters: [{ field: 'level', op: 'is', values: ['$level'] }] }])
    );
    expect(paramsOf(backend.calls[0]).filters).toBeUndefined();
  });

  it('applies ad hoc filters from the request', async () => {
    const ds = setup(() => ({
      data: { total_runs: 0, failed_runs: 0, p90_ms: null, p99_ms: null, failure_rate: 0, ...timed(0) },
    }));
    await runQuery(
      ds,
      request([{ queryType: 'stats' }], { filters: [{ key: 'status', operator: '=', value: 'failed' }] })
    );
    expect(paramsOf(backend.calls[0]).filters).toEqual([{ field: 'status', op: 'is', values: ['failed'] }]);
  });

  it('reports the backend error message on the failing query only', async () => {
    const ds = setup((url) =>
      url.pathname.endsWith('/stats')
        ? {
            status: 400,
            data: {
              error: {
                code: 'bad_request',
                message: 'Invalid query',
                details: [{ path: 'filters.0.op', message: 'status takes is, is_not, contains' }],
              },
            },
          }
        : { data: { versions: [] } }
    );
    const res = await runQuery(ds, request([{ queryType: 'stats' }, { queryType: 'byVersion' }]));
    expect(res.errors).toEqual([
      { refId: 'A', message: 'Invalid query (filters.0.op: status takes is, is_not, contains)' },
    ]);
    expect(res.data).toHaveLength(1);
  });

  it('skips hidden queries', async () => {
    const ds = setup(() => ({ data: { versions: [] } }));
    await runQuery(ds, request([{ queryType: 'byVersion', hide: true }]));
    expect(backend.calls).toHaveLength(0);
  });
});

describe('interpolation for Explore', () => {
  it('gives concrete queries in the query model shape', () => {
    const ds = setup(() => undefined, { script: ['billing', 'orders'], fn: 'charge' });
    const [q] = ds.interpolateVariablesInQueries(
      [
        {
          refId: 'A',
          queryType: 'runs',
          scripts: ['$script'],
          filters: [{ field: 'function', op: 'is', values: ['$fn'] }],
          q: '',
          sort: 'executed_on',
        },
      ],
      {},
      [{ key: 'status', operator: '=', value: 'failed' }]
    );
    expect(q).toEqual({
      refId: 'A',
      queryType: 'runs',
      scripts: ['billing', 'orders'],
      filters: [
        { field: 'function', op: 'is', values: ['charge'] },
        { field: 'status', op: 'is', values: ['failed'] },
      ],
      match: 'all',
      q: '',
      sort: 'executed_on',
    });
  });
});

describe('variables and ad hoc filters', () => {
  it('lists scripts for {kind: "scripts"}', async () => {
    const ds = setup(() => ({ data: { scripts: [{ script: 'billing' }, { script: 'orders' }] } }));
    expect(await ds.metricFindQuery({ kind: 'scripts' })).toEqual([
      { text: 'billing', value: 'billing' },
      { text: 'orders', value: 'orders' },
    ]);
  });

  it('lists versions of the selected scripts in the time range', async () => {
    const ds = setup(
      () => ({
        data: {
          field: 'deployment_version',
          values: [
            { value: 3, count: 9 },
            { value: 2, count: 1 },
          ],
        },
      }),
      {
        script: ['billing', 'orders'],
      }
    );
    const values = await ds.metricFindQuery(
      { kind: 'versions', scripts: ['$script'] },
      { range: { from: dateTime(from), to: dateTime(to), raw: { from: '', to: '' } } }
    );
    expect(values).toEqual([
      { text: '3', value: 3 },
      { text: '2', value: 2 },
    ]);
    expect(backend.calls[0].pathname).toMatch(/\/runlens\/api\/v1\/runs\/values$/);
    expect(paramsOf(backend.calls[0])).toMatchObject({
      field: 'deployment_version',
      script: ['billing', 'orders'],
      from: String(from),
    });
  });

  it('offers every filterable column as an ad hoc key, and known values for it', async () => {
    const ds = setup(() => ({ data: { field: 'function', values: [{ value: 'charge', count: 3 }] } }));
    const keys = (await ds.getTagKeys()).map((k) => k.text);
    expect(keys).toEqual(expect.arrayContaining(['status', 'response_time_ms', 'level', 'message', 'run_id']));
    expect(keys).not.toContain('executed_on');
    expect((await ds.getTagValues({ key: 'level', filters: [] })).map((v) => v.text)).toContain('warning');
    expect(await ds.getTagValues({ key: 'function', filters: [] })).toEqual([{ text: 'charge', value: 'charge' }]);
    expect(await ds.getTagValues({ key: 'message', filters: [] })).toEqual([]);
  });
});
