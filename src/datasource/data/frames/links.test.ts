import { locationService } from '@grafana/runtime';
import { recordViewLink } from './links';

describe('record view data link', () => {
  it('sets the run_id dashboard variable to the clicked Run ID', () => {
    const spy = jest.spyOn(locationService, 'partial').mockImplementation(() => {});
    const link = recordViewLink();
    link.onClick!({ origin: {}, replaceVariables: (s: string) => (s === '${__value.raw}' ? 'run-42' : s) });
    expect(spy).toHaveBeenCalledWith({ 'var-run_id': 'run-42' }, false);
  });

  it('has a URL for "open in new tab" carrying the Run ID and the time range', () => {
    expect(recordViewLink().url).toBe('?var-run_id=${__value.raw:percentencode}&${__url_time_range}');
  });
});
