import { EXACT_PERCENTILE_LIMIT, exactFromSlowest, failureRate, slowestBody } from './metrics';

/** SPEC's percentile straight from all values. */
function reference(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  return sorted[lo]! + (rank - lo) * (sorted[Math.ceil(rank)]! - sorted[lo]!);
}

describe('exact percentiles from the slowest values', () => {
  const size = slowestBody({ match_all: {} }).size!;

  it.each([1, 2, 3, 11, 999, 1000, 5_001, EXACT_PERCENTILE_LIMIT])('match the reference for %i runs', (n) => {
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 10_007) + 0.5);
    const slowest = [...values].sort((a, b) => b - a).slice(0, size);
    for (const p of [90, 99]) {
      expect(exactFromSlowest(slowest, n, p)).toBeCloseTo(reference(values, p), 9);
    }
  });

  it('gives way to the estimate beyond the limit or when values fall short', () => {
    expect(exactFromSlowest([5, 4, 3], EXACT_PERCENTILE_LIMIT + 1, 90)).toBeNull();
    expect(exactFromSlowest([5, 4, 3], 100, 90)).toBeNull();
    expect(exactFromSlowest([], 0, 99)).toBeNull();
  });

  it('rounds failure rate to two decimals', () => {
    expect([failureRate(1, 3), failureRate(2, 3), failureRate(0, 0)]).toEqual([33.33, 66.67, 0]);
  });
});
