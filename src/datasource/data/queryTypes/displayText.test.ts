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
