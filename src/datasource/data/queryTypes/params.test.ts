import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { resolveQuery } from '../interpolate';
import type { FlatQuery } from '../query/migrate';
import { buildRequest } from './registry';

const range = { from: 1_763_000_000_000, to: 1_763_600_000_000 };
const resolve = (q: Partial<FlatQuery>) => resolveQuery(fakeTemplateSrv({}), { refId: 'A', ...q }, {});
const params = (q: Partial<FlatQuery>, page?: { limit: number; cursor?: string }) => {
  const r = buildRequest(resolve(q), range, page);
  return {
    path: r.path,
    p: r.params,
    filters: r.params.get('filters') ? JSON.parse(r.params.get('filters')!) : undefined,
  };
};

describe('buildRequest', () => {
  it.each([
    ['runs', '/api/v1/runs'],
    ['stats', '/api/v1/runs/stats'],
    ['timeseries', '/api/v1/runs/timeseries'],
    ['byVersion', '/api/v1/runs/by-version'],
    ['logs', '/api/v1/logs'],
  ] as const)('%s reads %s with the time range as epoch ms', (queryType, path) => {
    const r = params({ queryType, scripts: ['billing', 'orders'] });
    expect(r.path).toBe(path);
    expect(r.p.getAll('script')).toEqual(['billing', 'orders']);
    expect(r.p.get('from')).toBe(String(range.from));
    expect(r.p.get('to')).toBe(String(range.to));
  });

  it('sends no script, filters or q when none are set (all scripts)', () => {
    const r = params({ queryType: 'stats' });
    expect([...r.p.keys()].sort()).toEqual(['from', 'to']);
  });

  it('sends conditions as JSON with AND or OR for the whole set, numbers as numbers', () => {
    const r = params({
      queryType: 'runs',
      filters: [
        { field: 'status', op: 'is', values: ['failed', 'in_progress'] },
        { field: 'response_time_ms', op: 'between', values: ['100', '250.5'] },
        { field: 'source', op: 'contains', values: ['cron'] },
      ],
      match: 'any',
    });
    expect(r.filters).toEqual([
      { field: 'status', op: 'is', values: ['failed', 'in_progress'] },
      { field: 'response_time_ms', op: 'between', values: [100, 250.5] },
      { field: 'source', op: 'contains', values: ['cron'] },
    ]);
    expect(r.p.get('match')).toBe('any');
  });

  it.each([
    ['is_not', ['2'], [2]],
    ['gt', ['500'], [500]],
    ['lt', ['50'], [50]],
  ] as const)('deployment_version %s keeps its operator', (op, values, sent) => {
    const r = params({ filters: [{ field: 'deployment_version', op, values: [...values] }] });
    expect(r.filters).toEqual([{ field: 'deployment_version', op, values: sent }]);
    expect(r.p.get('match')).toBe('all');
  });

  it('log filters go to the logs endpoint with free text', () => {
    const r = params({
      queryType: 'logs',
      filters: [
        { field: 'level', op: 'is', values: ['error', 'stderr'] },
        { field: 'message', op: 'contains', values: ['connection reset'] },
      ],
      q: 'db',
    });
    expect(r.path).toBe('/api/v1/logs');
    expect(r.filters[1]).toEqual({ field: 'message', op: 'contains', values: ['connection reset'] });
    expect(r.p.get('q')).toBe('db');
  });

  it('pages runs and logs with limit, sort, order and cursor', () => {
    const r = params({ queryType: 'runs', sort: 'response_time_ms', order: 'asc' }, { limit: 25, cursor: 'abc' });
    expect(r.p.get('limit')).toBe('25');
    expect(r.p.get('sort')).toBe('response_time_ms');
    expect(r.p.get('order')).toBe('asc');
    expect(r.p.get('cursor')).toBe('abc');
  });

  it('passes the time series interval only when set', () => {
    expect(params({ queryType: 'timeseries', interval: '5m' }).p.get('interval')).toBe('5m');
    expect(params({ queryType: 'timeseries' }).p.has('interval')).toBe(false);
  });

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

describe('buildRequest: Total Logs and deployment markers', () => {
  it('a count-only logs query asks for one row with the same selection (the total comes with it)', () => {
    const r = params({
      queryType: 'logs',
      countOnly: true,
      scripts: ['billing'],
      filters: [{ field: 'level', op: 'is', values: ['stderr'] }],
      q: 'timeout',
      sort: 'level',
      limit: 200,
    });
    expect(r.path).toBe('/api/v1/logs');
    expect(r.p.get('limit')).toBe('1');
    expect(r.p.get('q')).toBe('timeout');
    expect(r.filters).toEqual([{ field: 'level', op: 'is', values: ['stderr'] }]);
    expect(r.p.has('sort')).toBe(false);
    expect(r.p.has('cursor')).toBe(false);
  });

  it('count only means nothing to the other query types', () => {
    expect(params({ queryType: 'runs', countOnly: true, limit: 50 }).p.get('limit')).toBe('50');
  });

  it('deployments read /api/v1/deployments with scripts and range only: no filters, no free text', () => {
    const r = params({
      queryType: 'deployments',
      scripts: ['billing'],
      filters: [{ field: 'status', op: 'is', values: ['failed'] }],
      q: 'x',
    });
    expect(r.path).toBe('/api/v1/deployments');
    expect([...r.p.keys()].sort()).toEqual(['from', 'script', 'to']);
    expect(r.p.getAll('script')).toEqual(['billing']);
  });

  it('deployments take no ad hoc filters (and raise no notice about them)', () => {
    const q = resolveQuery(fakeTemplateSrv({}), { refId: 'A', queryType: 'deployments' }, {}, [
      { key: 'level', operator: '=', value: 'error' },
      { key: 'status', operator: '=~', value: 'fail' },
    ]);
    expect(q.filters).toEqual([]);
    expect(q.notices).toEqual([]);
  });
});

describe('buildRequest: log volume', () => {
  const selection = {
    scripts: ['billing'],
    filters: [
      { field: 'level', op: 'is' as const, values: ['error', 'warning'] },
      { field: 'message', op: 'contains' as const, values: ['timeout'] },
    ],
    match: 'any' as const,
    q: 'e2e-r3',
  };

  it('reads /api/v1/logs/timeseries with the selection of the logs table, and no paging or sort', () => {
    const volume = params({ queryType: 'logVolume', ...selection, sort: 'level', limit: 200 });
    const table = params({ queryType: 'logs', ...selection });
    expect(volume.path).toBe('/api/v1/logs/timeseries');
    for (const key of ['script', 'from', 'to', 'filters', 'match', 'q']) {
      expect(volume.p.getAll(key)).toEqual(table.p.getAll(key));
    }
    expect(volume.filters).toEqual(selection.filters);
    expect(volume.p.get('match')).toBe('any');
    for (const key of ['limit', 'sort', 'order', 'cursor']) {
      expect(volume.p.has(key)).toBe(false);
    }
  });

  it('passes the interval only when set, and the time zone of the day buckets', () => {
    expect(params({ queryType: 'logVolume', interval: '15m' }).p.get('interval')).toBe('15m');
    expect(params({ queryType: 'logVolume' }).p.has('interval')).toBe(false);
    const r = buildRequest({ ...resolve({ queryType: 'logVolume' }), timeZone: 'Europe/Paris' }, range);
    expect(r.params.get('tz')).toBe('Europe/Paris');
  });
});
