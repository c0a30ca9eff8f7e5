import { queryDisplayText } from './displayText';

describe('query display text', () => {
  it('names the type, the scripts, the filters and the search', () => {
    expect(queryDisplayText({ refId: 'A', queryType: 'byVersion', scripts: ['billing', 'orders'] })).toBe(
      'By version of billing, orders'
    );
    expect(
      queryDisplayText({
        refId: 'A',
        queryType: 'logs',
        filters: [
          { field: 'level', op: 'is', values: ['error'] },
          { field: '', op: 'is', values: [] },
        ],
        q: 'timeout',
      })
    ).toBe('Logs of all scripts · level is error · "timeout"');
  });

  it('says which run a record shows, and reads stored queries as migrateQuery does', () => {
    expect(queryDisplayText({ refId: 'A', queryType: 'record', runId: '$run_id', scripts: ['billing'] })).toBe(
      'Record of billing run $run_id'
    );
    expect(queryDisplayText({ refId: 'A', scripts: 'billing' })).toBe('Runs of billing');
    expect(queryDisplayText({ refId: 'A', queryType: 'traces' })).toBe('traces of all scripts');
  });
});

describe('query display text of the data source', () => {
  it('sums a query up in one line', () => {
    expect(
      queryDisplayText({
        refId: 'A',
        queryType: 'runs',
        scripts: ['billing'],
        match: 'any',
        filters: [
          { field: 'status', op: 'is', values: ['failed', 'in_progress'] },
          { field: 'response_time_ms', op: 'between', values: ['100', '200'] },
        ],
        q: 'timeout',
      })
    ).toBe('Runs of billing · status is failed | in_progress OR response_time_ms between 100 and 200 · "timeout"');
    expect(queryDisplayText({ refId: 'A', queryType: 'stats' })).toBe('Stats of all scripts');
    expect(queryDisplayText({ refId: 'A', queryType: 'logs', countOnly: true, scripts: ['billing'] })).toBe(
      'Logs count of billing'
    );
    expect(queryDisplayText({ refId: 'A', queryType: 'deployments', markers: 'deployed', scripts: ['$script'] })).toBe(
      'Deployment markers (deployed) of $script'
    );
  });
});
