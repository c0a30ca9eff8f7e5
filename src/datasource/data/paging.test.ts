import { truncationNotice } from './paging';

describe('truncation notice', () => {
  it('says how many rows are shown of how many and what to do', () => {
    expect(truncationNotice('logs', { rows: new Array(1000), total: 25000, truncated: true }, 1000)).toBe(
      '1,000 of 25,000 logs shown: export for all (panel menu → Export CSV), or raise "Max rows" (now 1,000).'
    );
  });

  it('says nothing when every row is there', () => {
    expect(truncationNotice('runs', { rows: [1, 2], total: 2, truncated: false }, 1000)).toBeUndefined();
  });
});
