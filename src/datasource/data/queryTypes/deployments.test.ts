import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { params } from '../../test/requests';
import { resolveQuery } from '../interpolate';

describe('deployment markers request', () => {
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
