import { dateTime, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import type { RunLensDataSource } from './datasource';
import { RunLensVariableSupport } from './variableSupport';

describe('variable support', () => {
  it('answers a variable query with the values of metricFindQuery, in the time range', async () => {
    const metricFindQuery = jest.fn().mockResolvedValue([{ text: 'charge', value: 'charge' }]);
    const support = new RunLensVariableSupport({ metricFindQuery } as unknown as RunLensDataSource);
    const range = { from: dateTime(0), to: dateTime(1000), raw: { from: '', to: '' } };
    const res = await lastValueFrom(
      support.query({
        targets: [{ refId: 'v', kind: 'functions', scripts: ['$script'] }],
        range,
        scopedVars: {},
      } as unknown as DataQueryRequest<never>)
    );
    expect(res.data).toEqual([{ text: 'charge', value: 'charge' }]);
    expect(metricFindQuery).toHaveBeenCalledWith(
      { refId: 'v', kind: 'functions', scripts: ['$script'] },
      expect.objectContaining({ range })
    );
  });
});
