import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { resolveQuery } from './interpolate';

const ts = fakeTemplateSrv({
  script: ['billing', 'orders'],
  fn: 'charge',
  versions: ['2', '3'],
  run_id: 'run-9',
  search: 'timeout',
});

describe('resolveQuery', () => {
  it('expands multi-value variables into several scripts and filter values', () => {
    const q = resolveQuery(
      ts,
      {
        refId: 'A',
        queryType: 'runs',
        scripts: ['$script'],
        filters: [
          { field: 'function', op: 'is', values: ['$fn'] },
          { field: 'deployment_version', op: 'is_not', values: ['${versions}'] },
        ],
        q: '$search',
      },
      {}
    );
    expect(q.scripts).toEqual(['billing', 'orders']);
    expect(q.filters).toEqual([
      { field: 'function', op: 'is', values: ['charge'] },
      { field: 'deployment_version', op: 'is_not', values: ['2', '3'] },
    ]);
    expect(q.q).toBe('timeout');
  });

  it('treats a variable set to All as no filter at all', () => {
    const all = fakeTemplateSrv({ script: ['billing', 'orders'], fn: ['charge', 'refund'], versions: ['1', '2'] }, [
      'script',
      'fn',
    ]);
    const q = resolveQuery(
      all,
      {
        refId: 'A',
        scripts: ['$script'],
        filters: [
          { field: 'function', op: 'is', values: ['${fn}'] },
          { field: 'deployment_version', op: 'is', values: ['$versions'] },
        ],
      },
      {}
    );
    expect(q.scripts).toEqual([]);
    expect(q.filters).toEqual([{ field: 'deployment_version', op: 'is', values: ['1', '2'] }]);
  });

  it('prefers scoped variables (repeated panels) over dashboard ones', () => {
    const q = resolveQuery(ts, { refId: 'A', scripts: ['$script'] }, { script: { text: 'x', value: 'payments' } });
    expect(q.scripts).toEqual(['payments']);
  });

  it('treats a variable that does not exist here (Explore) as empty, not as a script named "$script"', () => {
    const q = resolveQuery(
      fakeTemplateSrv({}),
      { refId: 'A', queryType: 'record', scripts: ['$script'], runId: '$run_id' },
      {}
    );
    expect(q.scripts).toEqual([]);
    expect(q).toMatchObject({ runId: '' });
  });

  it('drops incomplete conditions instead of sending them', () => {
    const q = resolveQuery(
      ts,
      {
        refId: 'A',
        filters: [
          { field: '', op: 'is', values: ['x'] },
          { field: 'source', op: 'is', values: [] },
          { field: 'response_time_ms', op: 'between', values: ['100'] },
          { field: 'response_time_ms', op: 'between', values: ['100', '200'] },
        ],
      },
      {}
    );
    expect(q.filters).toEqual([{ field: 'response_time_ms', op: 'between', values: ['100', '200'] }]);
  });

  it('adds ad hoc filters with AND', () => {
    const q = resolveQuery(
      ts,
      { refId: 'A', filters: [{ field: 'status', op: 'is', values: ['failed'] }], match: 'any' },
      {},
      [{ key: 'source', operator: '=', value: 'cron' }]
    );
    expect(q.match).toBe('all');
    expect(q.filters).toEqual([
      { field: 'status', op: 'is', values: ['failed'] },
      { field: 'source', op: 'is', values: ['cron'] },
    ]);
    expect(q.notices).toEqual([]);
  });

  it('says which ad hoc filters it could not apply', () => {
    const q = resolveQuery(ts, { refId: 'A' }, {}, [{ key: 'function', operator: '!~', value: 'pay.*' }]);
    expect(q.filters).toEqual([]);
    expect(q.notices).toEqual(['Ad hoc filters not applied (operator not supported here): function !~ pay.*']);
  });

  it('never mixes AND and OR: an OR set keeps its filters and says the ad hoc ones were not applied', () => {
    const q = resolveQuery(
      ts,
      {
        refId: 'A',
        match: 'any',
        filters: [
          { field: 'status', op: 'is', values: ['failed'] },
          { field: 'source', op: 'is', values: ['cron'] },
        ],
      },
      {},
      [{ key: 'function', operator: '=', value: 'charge' }]
    );
    expect(q.match).toBe('any');
    expect(q.filters).toHaveLength(2);
    expect(q.notices[0]).toMatch(/Ad hoc filters were not applied/);
  });

  it('clamps the page size to what the backend accepts', () => {
    expect(resolveQuery(ts, { refId: 'A', limit: 5000 }, {})).toMatchObject({ limit: 1000 });
    expect(resolveQuery(ts, { refId: 'A', limit: 0 }, {})).toMatchObject({ limit: 1 });
  });
});
