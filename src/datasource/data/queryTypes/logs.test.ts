import { params } from '../../test/requests';

describe('logs request: Total Logs', () => {
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
});
