/**
 * @jest-environment ./src/test/jsdomWithFetch.js
 */
// The data source against the REAL RunLens backend and Elasticsearch: the backend runs as a child
// process over its own index prefix; Grafana's backendSrv is replaced by a fetch-backed stand-in
// that does what the data proxy does (route + bearer token). Needs Elasticsearch (npm run es:start).
import {
  dateTime,
  FieldType,
  type DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
} from '@grafana/data';
import React from 'react';
import { render, screen } from '@testing-library/react';
import { parse as parseCsv } from 'csv-parse/sync';
import { firstValueFrom, lastValueFrom, tap } from 'rxjs';
import { ExportModal } from '../../src/components/ExportModal/ExportModal';
import { exportTargetOf } from '../../src/shared/exportTarget';
import { RunLensDataSource } from '../../src/datasource/data/datasource';
import type { RecordMeta } from '../../src/shared/recordFrame';
import { fakeTemplateSrv } from '../../src/datasource/test/fakeTemplateSrv';
import type { RunLensOptions, RunLensQuery } from '../../src/datasource/types';
import { startBackend, READ_TOKEN, type Backend } from '../../backend/testing/spawnServer';
import { proxyBackendSrv } from './proxyBackendSrv';

jest.setTimeout(90_000);

const PROXY = '/api/datasources/proxy/uid/runlens';
let proxy: ReturnType<typeof proxyBackendSrv>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({
    fetch: (req: never) => proxy.fetch(req),
    // The proxy cuts streamed responses after 1.5 s here: the data source must resume them.
    chunked: (req: never) => proxy.chunked(req, 1500),
  }),
}));

let backend: Backend;
const now = Date.now();
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();
const range = { from: dateTime(now - 24 * 3_600_000), to: dateTime(now + 60_000), raw: { from: 'now-24h', to: 'now' } };

function dataSource(opts: { backendUrl?: string; token?: string; vars?: Record<string, string | string[]> } = {}) {
  proxy = proxyBackendSrv(PROXY, opts.backendUrl ?? backend.url, opts.token ?? READ_TOKEN, 'e2e-user');
  const settings = {
    uid: 'runlens',
    type: 'runlens-scripts-datasource',
    name: 'RunLens',
    url: PROXY,
    jsonData: { backendUrl: opts.backendUrl ?? backend.url },
    meta: {},
  } as unknown as DataSourceInstanceSettings<RunLensOptions>;
  return new RunLensDataSource(settings, fakeTemplateSrv(opts.vars ?? {}));
}

async function query(
  ds: RunLensDataSource,
  target: Partial<RunLensQuery>,
  extra: Partial<DataQueryRequest<RunLensQuery>> = {}
) {
  const res = await firstValueFrom(
    ds.query({
      targets: [{ refId: 'A', ...target }],
      range,
      scopedVars: {},
      ...extra,
    } as DataQueryRequest<RunLensQuery>)
  );
  if (res.errors?.length) {
    throw new Error(res.errors.map((e) => e.message).join('; '));
  }
  return res.data as DataFrame[];
}

const col = (frame: DataFrame, name: string) => frame.fields.find((f) => f.name === name)!.values;

beforeAll(async () => {
  backend = await startBackend();
  // billing: v1 ran twice (one failure), v2 three times (one still in progress); idle: deployed, never run.
  await backend.ingest('POST', '/api/v1/scripts/billing/deployments');
  await backend.ingest('POST', '/api/v1/scripts/idle/deployments');
  const start = (id: string, m: number, fn: string, source: string, source_type: string, input: unknown) =>
    backend.ingest('POST', '/api/v1/runs', {
      run_id: id,
      script: 'billing',
      function: fn,
      source,
      source_type,
      executed_on: minutesAgo(m),
      input,
    });
  await start('e2e-r1', 50, 'charge', 'checkout', 'api', { amount: 10 });
  await start('e2e-r2', 40, 'charge', 'cron', 'tool', { amount: 20 });
  await backend.ingest('POST', '/api/v1/scripts/billing/deployments');
  await start('e2e-r3', 30, 'refund', 'checkout', 'api', { order: { id: 3, lines: [1, 2] } });
  await start('e2e-r4', 20, 'charge', 'cron', 'tool', { amount: 40 });
  await start('e2e-r5', 10, 'charge', 'checkout', 'api', { amount: 50 });
  const finish = (id: string, body: unknown) => backend.ingest('POST', `/api/v1/runs/${id}/finish`, body);
  await finish('e2e-r1', { status: 'success', response_time_ms: 100, output: { ok: true } });
  await finish('e2e-r2', { status: 'failed', error: 'card declined' });
  await finish('e2e-r3', { status: 'success', response_time_ms: 200, output: { refunded: 3 } });
  await finish('e2e-r4', { status: 'success', response_time_ms: 300, output: { ok: true } });
  await backend.ingest('POST', '/api/v1/logs', [
    { run_id: 'e2e-r3', level: 'info', message: 'starting refund', timestamp: minutesAgo(30) },
    { run_id: 'e2e-r3', level: 'warning', message: 'slow upstream', timestamp: minutesAgo(29.5) },
    { run_id: 'e2e-r3', level: 'error', message: 'connection reset by peer', timestamp: minutesAgo(29) },
    { run_id: 'e2e-r1', level: 'stdout', message: 'charged 10', timestamp: minutesAgo(50) },
  ]);
  await backend.refresh();
});

afterAll(async () => {
  await backend?.stop();
});

describe('Save & test against the real backend', () => {
  it('says everything is fine', async () => {
    expect(await dataSource().testDatasource()).toEqual({
      status: 'success',
      message: 'RunLens backend ready, Elasticsearch up, read token accepted. 2 scripts known.',
    });
  });

  it('says the read token is bad', async () => {
    const res = await dataSource({ token: 'not-a-valid-token-000000' }).testDatasource();
    expect(res.message).toBe('The RunLens backend rejected the read token. Enter a valid read token and save again.');
  });

  it('says the backend is unreachable', async () => {
    const res = await dataSource({ backendUrl: 'http://127.0.0.1:9' }).testDatasource();
    expect(res.message).toBe(
      'Cannot reach the RunLens backend at http://127.0.0.1:9. Check the URL and that the backend is running.'
    );
  });
});

describe('queries against the real backend', () => {
  it('stats: total runs, P90/P99 of response times, failure rate', async () => {
    const [frame] = await query(dataSource(), { queryType: 'stats', scripts: ['billing'] });
    expect(col(frame, 'total_runs')).toEqual([5]);
    expect(col(frame, 'failure_rate')).toEqual([20]);
    // Exact P90 of [100, 200, 300] by linear interpolation is 280; SPEC allows 1 %.
    expect(col(frame, 'p90_ms')[0]).toBeGreaterThan(280 * 0.99);
    expect(col(frame, 'p90_ms')[0]).toBeLessThan(280 * 1.01);
  });

  it('runs: all pages in list order, typed, Run ID linking to the record view', async () => {
    const [frame] = await query(dataSource(), { queryType: 'runs', scripts: ['billing'], limit: 2, maxRows: 100 });
    expect(col(frame, 'run_id')).toEqual(['e2e-r5', 'e2e-r4', 'e2e-r3', 'e2e-r2', 'e2e-r1']);
    expect(col(frame, 'status')).toEqual(['in_progress', 'success', 'success', 'failed', 'success']);
    expect(col(frame, 'response_time_ms')).toEqual([null, 300, 200, null, 100]);
    expect(frame.fields.find((f) => f.name === 'executed_on')!.type).toBe(FieldType.time);
    expect(col(frame, 'executed_on')[0]).toBe(Date.parse(minutesAgo(10)));
    expect(frame.fields[0].config.links?.[0].title).toBe('Open record view');
    expect(frame.meta?.notices).toBeUndefined();
    expect(proxy.requests.filter((u) => u.includes('/api/v1/runs?'))).toHaveLength(3);
  });

  it('runs: stops at maxRows and says so', async () => {
    const [frame] = await query(dataSource(), { queryType: 'runs', scripts: ['billing'], limit: 2, maxRows: 3 });
    expect(frame.length).toBe(3);
    expect(frame.meta?.notices?.[0].text).toMatch(/^3 of 5 runs shown: export for all/);
  });

  it('runs: OR filters (failed, or slower than 250 ms), sorted by response time', async () => {
    const [frame] = await query(dataSource(), {
      queryType: 'runs',
      scripts: ['billing'],
      match: 'any',
      filters: [
        { field: 'status', op: 'is', values: ['failed'] },
        { field: 'response_time_ms', op: 'gt', values: ['250'] },
      ],
    });
    expect(col(frame, 'run_id').sort()).toEqual(['e2e-r2', 'e2e-r4']);
  });

  it('runs: AND filters with between and is not, $variables and free text', async () => {
    const ds = dataSource({ vars: { script: ['billing', 'idle'], fn: 'charge' } });
    const [frame] = await query(ds, {
      queryType: 'runs',
      scripts: ['$script'],
      filters: [
        { field: 'function', op: 'is', values: ['$fn'] },
        { field: 'response_time_ms', op: 'between', values: ['50', '350'] },
        { field: 'source', op: 'is_not', values: ['checkout'] },
      ],
    });
    expect(col(frame, 'run_id')).toEqual(['e2e-r4']);
    const [byText] = await query(ds, { queryType: 'runs', scripts: ['$script'], q: 'e2e-r3' });
    expect(col(byText, 'run_id')).toEqual(['e2e-r3']);
  });

  it('ad hoc filters narrow every query', async () => {
    const [frame] = await query(
      dataSource(),
      { queryType: 'stats', scripts: ['billing'] },
      { filters: [{ key: 'deployment_version', operator: '=', value: '1' }] }
    );
    expect(col(frame, 'total_runs')).toEqual([2]);
    expect(col(frame, 'failure_rate')).toEqual([50]);
  });

  it('time series and by-version frames', async () => {
    const ds = dataSource();
    const [ts] = await query(ds, { queryType: 'timeseries', scripts: ['billing'], interval: '1h' });
    expect(ts.fields[0]).toMatchObject({ name: 'time', type: FieldType.time });
    expect(col(ts, 'total_runs').reduce((a: number, b: number) => a + b, 0)).toBe(5);
    const [bv] = await query(ds, { queryType: 'byVersion', scripts: ['billing'] });
    const versions = col(bv, 'deployment_version');
    expect(col(bv, 'total_runs')[versions.indexOf(1)]).toBe(2);
    expect(col(bv, 'failure_rate')[versions.indexOf(1)]).toBe(50);
    expect(col(bv, 'total_runs')[versions.indexOf(2)]).toBe(3);
  });

  it('logs: level and message filters, as a logs frame', async () => {
    const [frame] = await query(dataSource(), {
      queryType: 'logs',
      scripts: ['billing'],
      filters: [
        { field: 'level', op: 'is', values: ['error', 'warning'] },
        { field: 'message', op: 'contains', values: ['reset'] },
      ],
    });
    expect(frame.meta?.preferredVisualisationType).toBe('logs');
    expect(col(frame, 'message')).toEqual(['connection reset by peer']);
    expect(col(frame, 'level')).toEqual(['error']);
    expect(col(frame, 'run_id')).toEqual(['e2e-r3']);
    expect(col(frame, 'deployment_version')).toEqual([2]);
  });
});

describe('Total Logs and log levels against the real backend', () => {
  const logsTarget = {
    queryType: 'logs' as const,
    scripts: ['billing'],
    filters: [{ field: 'level', op: 'is' as const, values: ['warning', 'error', 'stdout'] }],
    q: 'e2e-r3',
  };

  it('count only gives the total of the lines the logs table shows, with filters, search and ad hoc filters', async () => {
    const ds = dataSource();
    const adhoc = { filters: [{ key: 'message', operator: '!=', value: 'slow upstream' }] };
    const [table] = await query(ds, logsTarget, adhoc);
    expect(col(table, 'message')).toEqual(['connection reset by peer']);
    const [count] = await query(ds, { ...logsTarget, countOnly: true }, adhoc);
    expect(count.fields.map((f) => f.name)).toEqual(['total_logs']);
    expect(col(count, 'total_logs')).toEqual([1]);
    expect(col((await query(ds, { ...logsTarget, countOnly: true }))[0], 'total_logs')).toEqual([2]);
    expect(
      col((await query(ds, { queryType: 'logs', countOnly: true, scripts: ['billing'] }))[0], 'total_logs')
    ).toEqual([4]);
    expect(
      proxy.requests.filter((u) => u.includes('/api/v1/logs?')).every((u) => /[?&]limit=(1|100)(&|$)/.test(u))
    ).toBe(true);
  });

  it('log volume counts per level the lines the logs table lists, with filters, search and ad hoc filters', async () => {
    const ds = dataSource({ vars: { level: ['warning', 'error', 'stdout'], search: 'e2e-r3' } });
    const target = {
      ...logsTarget,
      queryType: 'logVolume' as const,
      filters: [{ field: 'level', op: 'is' as const, values: ['$level'] }],
      q: '$search',
      interval: '1h',
    };
    const sums = (frame: DataFrame) =>
      Object.fromEntries(
        frame.fields
          .filter((f) => f.type === FieldType.number)
          .map((f) => [f.config.displayName, f.values.reduce((a: number, b: number) => a + b, 0)])
      );
    const [volume] = await query(ds, target);
    expect(volume.fields.map((f) => f.name)).toEqual(['time', 'stdout', 'stderr', 'info', 'debug', 'warning', 'error']);
    expect(volume.fields[0].type).toBe(FieldType.time);
    // Every hour of the range, empty ones included.
    expect(volume.length).toBeGreaterThanOrEqual(24);
    expect(volume.fields[0].config.interval).toBe(3_600_000);
    expect(sums(volume)).toEqual({ Stdout: 0, Stderr: 0, Info: 0, Debug: 0, Warning: 1, Error: 1 });
    const adhoc = { filters: [{ key: 'message', operator: '!=', value: 'slow upstream' }] };
    const [narrowed] = await query(ds, target, adhoc);
    expect(sums(narrowed)).toEqual({ Stdout: 0, Stderr: 0, Info: 0, Debug: 0, Warning: 0, Error: 1 });
    const [table] = await query(ds, { ...target, queryType: 'logs' }, adhoc);
    expect(col(table, 'level')).toEqual(['error']);
    const [all] = await query(ds, { queryType: 'logVolume', scripts: ['billing'] });
    expect(sums(all)).toEqual({ Stdout: 1, Stderr: 0, Info: 1, Debug: 0, Warning: 1, Error: 1 });
  });

  it('stdout reads as info for Explore, and the recorded level stays in log_level', async () => {
    const [frame] = await query(dataSource(), {
      queryType: 'logs',
      scripts: ['billing'],
      sort: 'timestamp',
      order: 'asc',
    });
    expect(col(frame, 'log_level')).toEqual(['stdout', 'info', 'warning', 'error']);
    expect(col(frame, 'level')).toEqual(['info', 'info', 'warning', 'error']);
  });
});

describe('record view against the real backend', () => {
  const record = async (target: Partial<RunLensQuery>) => {
    const frames = await query(dataSource(), { queryType: 'record', sort: 'executed_on', order: 'desc', ...target });
    return { meta: frames[0].meta?.custom as RecordMeta, run: frames[0], logs: frames[1] };
  };

  it('shows a run with input, output, its logs, and its neighbours in the list', async () => {
    const r = await record({ scripts: ['billing'], runId: 'e2e-r3' });
    expect(r.meta).toEqual({ state: 'ok', runId: 'e2e-r3', prevRunId: 'e2e-r4', nextRunId: 'e2e-r2', logsTotal: 3 });
    expect(col(r.run, 'input')).toEqual([{ order: { id: 3, lines: [1, 2] } }]);
    expect(col(r.run, 'output')).toEqual([{ refunded: 3 }]);
    expect(col(r.logs, 'message')).toEqual(['starting refund', 'slow upstream', 'connection reset by peer']);
  });

  it('neighbours follow the filtered list', async () => {
    const r = await record({
      scripts: ['billing'],
      runId: 'e2e-r3',
      filters: [{ field: 'source', op: 'is', values: ['checkout'] }],
    });
    expect(r.meta).toMatchObject({ prevRunId: 'e2e-r5', nextRunId: 'e2e-r1' });
  });

  it('without a Run ID shows the newest run', async () => {
    expect((await record({ scripts: ['billing'], runId: '' })).meta).toMatchObject({
      state: 'ok',
      runId: 'e2e-r5',
      prevRunId: null,
    });
  });

  it.each([
    [{ scripts: ['billing'], runId: 'e2e-nope' }, 'not_found'],
    [{ scripts: ['idle'], runId: '' }, 'never_run'],
    [{ scripts: ['ghost'], runId: '' }, 'no_script'],
  ])('says why it is empty: %j → %s', async (target, state) => {
    expect((await record(target)).meta.state).toBe(state);
  });
});

describe('template variables against the real backend', () => {
  it('lists scripts, and functions / versions of the selected scripts', async () => {
    const ds = dataSource({ vars: { script: 'billing' } });
    expect((await ds.metricFindQuery({ kind: 'scripts' })).map((v) => v.text).sort()).toEqual(['billing', 'idle']);
    const opts = { range };
    expect(
      (await ds.metricFindQuery({ kind: 'functions', scripts: ['$script'] }, opts)).map((v) => v.text).sort()
    ).toEqual(['charge', 'refund']);
    expect(
      (await ds.metricFindQuery({ kind: 'versions', scripts: ['$script'] }, opts)).map((v) => v.text).sort()
    ).toEqual(['1', '2']);
    expect((await ds.getTagValues({ key: 'source', filters: [], timeRange: range })).map((v) => v.text).sort()).toEqual(
      ['checkout', 'cron']
    );
  });
});

describe('live record against the real backend', () => {
  it('follows a run in progress until it finishes, with the logs it emits meanwhile', async () => {
    const ds = dataSource();
    const updates: Array<{ state?: string; status: unknown; logs: unknown[] }> = [];
    const done = lastValueFrom(
      ds
        .query({
          targets: [{ refId: 'A', queryType: 'record', runId: 'e2e-r5', scripts: ['billing'] }],
          range,
          scopedVars: {},
        } as unknown as DataQueryRequest<RunLensQuery>)
        .pipe(
          tap((res) => {
            const [run, logs] = res.data as DataFrame[];
            updates.push({ state: res.state, status: col(run, 'status')[0], logs: col(logs, 'message') });
          })
        )
    );
    await waitFor(() => updates.length >= 1);
    expect(updates[0]).toMatchObject({ state: 'Streaming', status: 'in_progress', logs: [] });

    // The script logs in real time, then finishes.
    await backend.ingest('POST', '/api/v1/logs', [
      { run_id: 'e2e-r5', level: 'info', message: 'halfway', timestamp: new Date().toISOString() },
    ]);
    await waitFor(() => updates.some((u) => u.logs.includes('halfway')));
    await backend.ingest('POST', '/api/v1/runs/e2e-r5/finish', { status: 'success', response_time_ms: 42 });
    await done;
    expect(updates[updates.length - 1]).toMatchObject({ state: 'Done', status: 'success', logs: ['halfway'] });
  });
});

describe("Explore's Live against the real backend", () => {
  it('tails the lines of a logs query as they are ingested, across proxy cuts', async () => {
    const ds = dataSource();
    const seen: string[] = [];
    const sub = ds
      .query({
        targets: [
          {
            refId: 'A',
            queryType: 'logs',
            scripts: ['billing'],
            filters: [{ field: 'level', op: 'is', values: ['error'] }],
          },
        ],
        range,
        scopedVars: {},
        liveStreaming: true,
      } as unknown as DataQueryRequest<RunLensQuery>)
      .subscribe((res) => {
        expect(res.state).toBe('Streaming');
        seen.splice(0, seen.length, ...(col(res.data[0] as DataFrame, 'message') as string[]));
      });
    try {
      await new Promise((r) => setTimeout(r, 500));
      await backend.ingest('POST', '/api/v1/logs', [
        { run_id: 'e2e-r1', level: 'error', message: 'live error 1' },
        { run_id: 'e2e-r1', level: 'info', message: 'live info' },
      ]);
      await waitFor(() => seen.includes('live error 1'));
      // Past the proxy's cut: the stream resumes from its last event, nothing repeated.
      await new Promise((r) => setTimeout(r, 2000));
      await backend.ingest('POST', '/api/v1/logs', [{ run_id: 'e2e-r1', level: 'error', message: 'live error 2' }]);
      await waitFor(() => seen.includes('live error 2'));
      expect(seen.filter((m) => m.startsWith('live'))).toEqual(['live error 1', 'live error 2']);
    } finally {
      sub.unsubscribe();
    }
  });
});

describe('deployment markers (annotations) against the real backend', () => {
  it('marks each deploy and undeploy of the selected scripts in the range', async () => {
    await backend.ingest('POST', '/api/v1/scripts/e2e-retired/deployments');
    await backend.ingest('DELETE', '/api/v1/scripts/e2e-retired/deployments/current');
    await backend.refresh();
    const ds = dataSource({ vars: { script: ['billing', 'e2e-retired'] } });
    const support = ds.annotations!;
    const anno = support.prepareAnnotation!({
      name: 'Deployments',
      enable: true,
      iconColor: 'blue',
      target: { refId: 'Anno', queryType: 'deployments', scripts: ['$script'] },
    });
    const res = await firstValueFrom(
      ds.query({
        targets: [support.prepareQuery!(anno)!],
        range,
        scopedVars: {},
      } as unknown as DataQueryRequest<RunLensQuery>)
    );
    const events = (await firstValueFrom(support.processEvents!(anno, res.data as DataFrame[])))!;
    expect(events.map((e) => `${e.title} ${e.text}`).sort()).toEqual([
      'billing v1 deployed',
      'billing v2 deployed',
      'e2e-retired v1 deployed',
      'e2e-retired v1 undeployed',
    ]);
    for (const e of events) {
      expect(e.time).toBeGreaterThan(range.from.valueOf());
      expect(e.time).toBeLessThanOrEqual(Date.now());
    }
    const times = events.map((e) => e.time!);
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });
});

describe('Export CSV of a table, through the proxy to the real backend', () => {
  it('holds every row the table selects, in its order, beyond the rows it shows', async () => {
    const ds = dataSource();
    const [frame] = await query(ds, {
      queryType: 'runs',
      scripts: ['billing'],
      sort: 'run_id',
      order: 'asc',
      limit: 2,
      maxRows: 2,
    } as Partial<RunLensQuery>);
    expect(frame.length).toBe(2);
    expect(frame.meta?.notices?.[0].text).toMatch(/^2 of 5 runs shown: export for all/);
    const target = exportTargetOf([frame])!;
    render(React.createElement(ExportModal, { target, pollMs: 50 }));
    const link = await screen.findByRole('link', { name: /Download billing_runs_data\.csv/ }, { timeout: 30_000 });
    expect(screen.getByText('Done: 5 of 5 rows written')).toBeInTheDocument();
    const href = link.getAttribute('href')!;
    expect(href).toMatch(/^\/api\/datasources\/proxy\/uid\/runlens\/runlens\/api\/v1\/exports\/[0-9a-f-]+\/download$/);
    // The browser follows the link through the data proxy: here, the same stand-in.
    const csv = (await firstValueFrom(proxy.fetch({ url: href }))).data as string;
    const rows: Array<Record<string, string>> = parseCsv(csv, { bom: true, columns: true });
    expect(rows.map((r) => r['Run ID'])).toEqual(['e2e-r1', 'e2e-r2', 'e2e-r3', 'e2e-r4', 'e2e-r5']);
    expect(rows.map((r) => r['Run ID']).slice(0, 2)).toEqual(col(frame, 'run_id'));
  });
});

async function waitFor(check: () => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
