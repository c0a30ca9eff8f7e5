import { indicesFor, logIndicesFrom } from './indices';

const indices = indicesFor('p');
const now = Date.parse('2026-12-02T10:00:00Z');

describe('logIndicesFrom', () => {
  it('names the days from the floor to tomorrow, across a month end', () => {
    expect(logIndicesFrom(indices, Date.parse('2026-11-30T23:59:00Z'), now)).toBe(
      'p-logs-2026.11.30,p-logs-2026.12.01,p-logs-2026.12.02,p-logs-2026.12.03'
    );
    expect(logIndicesFrom(indices, now - 5000, now)).toBe('p-logs-2026.12.02,p-logs-2026.12.03');
  });

  it('falls back to the pattern beyond a week, from the start, or for a floor in the future', () => {
    expect(logIndicesFrom(indices, now - 9 * 86_400_000, now)).toBe('p-logs-*');
    expect(logIndicesFrom(indices, 0, now)).toBe('p-logs-*');
    expect(logIndicesFrom(indices, now + 3 * 86_400_000, now)).toBe('p-logs-*');
  });
});
