import { groupQuery, indexSpansAggs, scanGroups } from './scanPlan';

const spans = (...b: Array<[string, number, number]>) => ({
  index_spans: { buckets: b.map(([key, from, to]) => ({ key, earliest: { value: from }, latest: { value: to } })) },
});

describe('scanGroups', () => {
  it('reads disjoint indices one at a time, newest first for a descending sort', () => {
    const aggs = spans(['d1', 0, 99], ['d3', 200, 299], ['d2', 100, 199]);
    expect(scanGroups(aggs, 'desc')).toEqual([['d3'], ['d2'], ['d1']]);
    expect(scanGroups(aggs, 'asc')).toEqual([['d1'], ['d2'], ['d3']]);
  });

  it('reads overlapping indices together, so the order stays exact', () => {
    // m2 holds a run placed by its finish that started inside m1's span.
    const aggs = spans(['m1', 0, 100], ['m2', 50, 200], ['m3', 201, 300]);
    expect(scanGroups(aggs, 'desc')).toEqual([['m3'], ['m2', 'm1']]);
    expect(scanGroups(aggs, 'asc')).toEqual([['m1', 'm2'], ['m3']]);
  });

  it('keeps indices apart that only share a boundary time', () => {
    expect(scanGroups(spans(['a', 0, 100], ['b', 100, 200]), 'desc')).toEqual([['b'], ['a']]);
  });

  it('reads everything at once when the sort is not the time the indices are named by', () => {
    expect(indexSpansAggs('runs', { sort: 'function', order: 'asc' })).toEqual({});
    expect(scanGroups({}, 'asc')).toEqual([null]);
    expect(Object.keys(indexSpansAggs('logs', { sort: 'timestamp', order: 'desc' }))).toEqual(['index_spans']);
  });

  it('has no group when no index holds a row of the selection', () => {
    expect(scanGroups(spans(), 'desc')).toEqual([]);
  });
});

describe('groupQuery', () => {
  it('narrows the query to the group, or leaves it whole', () => {
    const q = { term: { script: 'shop' } };
    expect(groupQuery(q, null)).toBe(q);
    expect(groupQuery(q, ['a', 'b'])).toEqual({ bool: { filter: [q, { terms: { _index: ['a', 'b'] } }] } });
  });
});
