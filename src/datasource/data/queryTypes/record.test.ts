import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { log, run } from '../../test/fixtures';
import { mockFetch, paramsOf, type Route } from '../../test/mockBackendSrv';
import type { ScriptInfo } from '../../types';
import { RunLensApi } from '../api';
import { resolveQuery } from '../interpolate';
import type { Resolved } from './definition';
import { fetchRecord, type RecordQuery } from './record';
import { params } from '../../test/requests';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
}));

const api = new RunLensApi('/proxy/runlens');
const range = { from: 0, to: 1_000 };
const script = (name: string, over: Partial<ScriptInfo> = {}): ScriptInfo => ({
  script: name,
  current_version: 1,
  deployed: true,
  updated_at: '2026-11-01T00:00:00.000Z',
  deployments: [{ script: name, version: 1, deployed_at: '2026-11-01T00:00:00Z', undeployed_at: null }],
  total_runs: 0,
  last_run_at: null,
  ...over,
});

function record(runId: string, scripts: string[], route: Route) {
  backend = mockFetch(route);
  return fetchRecord(
    api,
    resolveQuery(
      fakeTemplateSrv({}),
      { refId: 'A', queryType: 'record', runId, scripts, sort: 'executed_on' },
      {}
    ) as Resolved<RecordQuery>,
    range
  );
}

const emptyList: Route = (u) =>
  u.pathname.endsWith('/api/v1/runs') ? { data: { total: 0, rows: [], next_cursor: null } } : undefined;

describe('fetchRecord', () => {
  it('returns the run, its logs and the neighbours in the list', async () => {
    const res = await record('run-1', ['billing'], () => ({
      data: {
        run: { ...run(1), input: { a: 1 }, output: [1] },
        logs: [log(1)],
        logs_total: 1,
        prev_run_id: 'run-0',
        next_run_id: 'run-2',
      },
    }));
    expect(res.meta).toEqual({ state: 'ok', runId: 'run-1', prevRunId: 'run-0', nextRunId: 'run-2', logsTotal: 1 });
    expect(res.run?.input).toEqual({ a: 1 });
    expect(paramsOf(backend.calls[0])).toMatchObject({ script: ['billing'], sort: 'executed_on' });
  });

  it('shows the newest run of the list when no run is chosen', async () => {
    const res = await record('', [], (u) =>
      u.pathname.endsWith('/api/v1/runs')
        ? { data: { total: 5, rows: [run(4)], next_cursor: 'x' } }
        : { data: { run: run(4), logs: [], prev_run_id: null, next_run_id: 'run-3' } }
    );
    expect(backend.calls[0].searchParams.get('limit')).toBe('1');
    expect(backend.calls[1].pathname).toBe('/proxy/runlens/api/v1/runs/run-4');
    expect(res.meta.state).toBe('ok');
  });

  it('says "run not found" on 404', async () => {
    const res = await record('nope', [], () => ({
      status: 404,
      data: { error: { code: 'not_found', message: 'run not found' } },
    }));
    expect(res.meta).toMatchObject({ state: 'not_found', runId: 'nope' });
  });

  it('says "no script deployed" when RunLens knows no script', async () => {
    const res = await record('', [], (u) => emptyList(u) ?? { data: { scripts: [] } });
    expect(res.meta.state).toBe('no_script');
  });

  it('says "no script deployed" when the selected script is unknown', async () => {
    const res = await record(
      '',
      ['ghost'],
      (u) => emptyList(u) ?? { data: { scripts: [script('billing', { total_runs: 4 })] } }
    );
    expect(res.meta.state).toBe('no_script');
  });

  it('says "deployed but never run" for a deployed script without runs', async () => {
    const res = await record('', ['billing'], (u) => emptyList(u) ?? { data: { scripts: [script('billing')] } });
    expect(res.meta.state).toBe('never_run');
  });

  it('says there are no runs in range when the script has runs elsewhere', async () => {
    const res = await record(
      '',
      ['billing'],
      (u) => emptyList(u) ?? { data: { scripts: [script('billing', { total_runs: 3 })] } }
    );
    expect(res.meta.state).toBe('no_runs');
  });

  it('passes other errors through', async () => {
    await expect(
      record('r', [], () => ({
        status: 503,
        data: { error: { code: 'unavailable', message: 'Elasticsearch unavailable' } },
      }))
    ).rejects.toThrow('Elasticsearch unavailable');
  });
});

describe('record request', () => {
  it('asks for a record with the list selection and sort, so previous/next follow the list', () => {
    const r = params({
      queryType: 'record',
      runId: 'run/7',
      scripts: ['billing'],
      filters: [{ field: 'status', op: 'is', values: ['failed'] }],
      sort: 'executed_on',
      order: 'desc',
    });
    expect(r.path).toBe('/api/v1/runs/run%2F7');
    expect(r.p.get('sort')).toBe('executed_on');
    expect(r.filters).toEqual([{ field: 'status', op: 'is', values: ['failed'] }]);
    expect(r.p.has('limit')).toBe(false);
  });
});
