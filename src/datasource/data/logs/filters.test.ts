import type { RunLensQuery } from '../queryTypes/registry';
import { modifyQuery, queryHasFilter, toggleQueryFilter } from './filters';

const logs = (extra: Partial<RunLensQuery> = {}) =>
  ({ refId: 'A', queryType: 'logs', scripts: ['billing'], filters: [], match: 'all', ...extra }) as RunLensQuery;
const forIt = (key: string, value: string) => ({ type: 'FILTER_FOR' as const, options: { key, value } });
const outIt = (key: string, value: string) => ({ type: 'FILTER_OUT' as const, options: { key, value } });

test('filter for a level from log details adds level is <value>; a second click removes it', () => {
  const once = toggleQueryFilter(logs(), forIt('log_level', 'stderr'));
  expect(once.filters).toEqual([{ field: 'level', op: 'is', values: ['stderr'] }]);
  expect(queryHasFilter(once, { key: 'log_level', value: 'stderr' })).toBe(true);
  const twice = toggleQueryFilter(once, forIt('log_level', 'stderr'));
  expect(twice.filters).toEqual([]);
  expect(queryHasFilter(twice, { key: 'log_level', value: 'stderr' })).toBe(false);
});

test('filter out replaces the opposite filter on the same value and keeps the others', () => {
  const q = logs({
    filters: [
      { field: 'message', op: 'contains', values: ['timeout'] },
      { field: 'run_id', op: 'is', values: ['r-1'] },
    ],
  });
  const out = toggleQueryFilter(q, outIt('run_id', 'r-1'));
  expect(out.filters).toEqual([
    { field: 'message', op: 'contains', values: ['timeout'] },
    { field: 'run_id', op: 'is_not', values: ['r-1'] },
  ]);
  expect(queryHasFilter(out, { key: 'run_id', value: 'r-1' })).toBe(false);
});

test('the script label narrows the selection; labels without a logs column change nothing', () => {
  expect(toggleQueryFilter(logs({ scripts: ['a', 'b'] }), forIt('script', 'b')).scripts).toEqual(['b']);
  expect(toggleQueryFilter(logs(), outIt('script', 'billing'))).toEqual(logs());
  expect(toggleQueryFilter(logs(), forIt('deployment_version', '3'))).toEqual(logs());
  // Run queries have no log columns: untouched.
  const runs = { refId: 'A', queryType: 'runs', filters: [] } as unknown as RunLensQuery;
  expect(toggleQueryFilter(runs, forIt('log_level', 'error'))).toEqual(runs);
});

test('modifyQuery: ADD_FILTER, ADD_FILTER_OUT and a selected string as message contains', () => {
  expect(modifyQuery(logs(), { type: 'ADD_FILTER', options: { key: 'log_id', value: 'l-9' } }).filters).toEqual([
    { field: 'log_id', op: 'is', values: ['l-9'] },
  ]);
  expect(modifyQuery(logs(), { type: 'ADD_FILTER_OUT', options: { key: 'level', value: 'debug' } }).filters).toEqual([
    { field: 'level', op: 'is_not', values: ['debug'] },
  ]);
  expect(modifyQuery(logs(), { type: 'ADD_STRING_FILTER', options: { value: 'card network' } }).filters).toEqual([
    { field: 'message', op: 'contains', values: ['card network'] },
  ]);
  expect(modifyQuery(logs(), { type: 'UNKNOWN' as never })).toEqual(logs());
});
