import { failureRate, rankOf } from './metrics';

describe('run metrics', () => {
  it('ranks percentiles as SPEC does: p/100 × (n − 1), between the closest ranks', () => {
    expect(rankOf(90, 3)).toEqual({ lo: 1, frac: expect.closeTo(0.8, 9) });
    expect(rankOf(99, 1)).toEqual({ lo: 0, frac: 0 });
    expect(rankOf(90, 11)).toEqual({ lo: 9, frac: 0 });
  });

  it('rounds failure rate to two decimals', () => {
    expect([failureRate(1, 3), failureRate(2, 3), failureRate(0, 0)]).toEqual([33.33, 66.67, 0]);
  });
});
