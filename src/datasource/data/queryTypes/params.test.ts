import { params, range } from '../../test/requests';

/** The selection every runs/logs read shares, as the query types send it (params.ts). */
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
});
