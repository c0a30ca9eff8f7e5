import { ianaTimeZone } from './timeZone';

describe('ianaTimeZone', () => {
  it('maps Grafana time zone settings to IANA names', () => {
    expect(ianaTimeZone('utc')).toBe('UTC');
    expect(ianaTimeZone('Europe/Paris')).toBe('Europe/Paris');
    // Jest runs with TZ=UTC (jest.config.js).
    expect(ianaTimeZone('browser')).toBe('UTC');
    expect(ianaTimeZone(undefined)).toBe('UTC');
  });
});
