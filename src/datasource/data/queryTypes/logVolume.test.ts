import { params, range, resolve } from '../../test/requests';
import { buildRequest } from './registry';

describe('log volume request', () => {
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
