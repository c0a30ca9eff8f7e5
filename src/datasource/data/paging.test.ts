import { truncationNotice } from './paging';

describe('truncation notice', () => {
  it('says how many rows are shown of how many and what to do', () => {
    expect(truncationNotice('logs', { rows: new Array(1000), total: 25000, truncated: true }, 1000)).toBe(
      'Showing the first 1000 of 25000 logs: raise "Max rows" (now 1000) or narrow the filters to see the rest.'
    );
  });

  it('says nothing when every row is there', () => {
    expect(truncationNotice('runs', { rows: [1, 2], total: 2, truncated: false }, 1000)).toBeUndefined();
  });
});
