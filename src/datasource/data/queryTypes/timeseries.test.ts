import { params } from '../../test/requests';

describe('time series request', () => {
  it('passes the time series interval only when set', () => {
    expect(params({ queryType: 'timeseries', interval: '5m' }).p.get('interval')).toBe('5m');
    expect(params({ queryType: 'timeseries' }).p.has('interval')).toBe(false);
  });
});
