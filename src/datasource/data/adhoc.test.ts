import { adhocToConditions } from './adhoc';
import { queryTypeOf } from './queryTypes/registry';

const logVolumeColumns = queryTypeOf('logVolume').columns;

describe('ad hoc filters to conditions', () => {
  it('maps Grafana operators to backend operators', () => {
    const { conditions, ignored } = adhocToConditions(
      [
        { key: 'status', operator: '=', value: 'failed' },
        { key: 'source', operator: '!=', value: 'cron' },
        { key: 'function', operator: '=~', value: 'pay' },
        { key: 'response_time_ms', operator: '>', value: '250' },
        { key: 'deployment_version', operator: '=|', value: '', values: ['2', '3'] },
      ],
      'runs'
    );
    expect(ignored).toEqual([]);
    expect(conditions).toEqual([
      { field: 'status', op: 'is', values: ['failed'] },
      { field: 'source', op: 'is_not', values: ['cron'] },
      { field: 'function', op: 'contains', values: ['pay'] },
      { field: 'response_time_ms', op: 'gt', values: ['250'] },
      { field: 'deployment_version', op: 'is', values: ['2', '3'] },
    ]);
  });

  it('leaves out columns the query type does not have and says which', () => {
    const { conditions, ignored } = adhocToConditions(
      [
        { key: 'level', operator: '=', value: 'error' },
        { key: 'run_id', operator: '=', value: 'r-1' },
      ],
      'runs'
    );
    expect(conditions).toEqual([{ field: 'run_id', op: 'is', values: ['r-1'] }]);
    expect(ignored).toEqual(['level = error']);
  });

  it('reports operators it cannot apply, such as < on text or a regex exclusion', () => {
    const res = adhocToConditions(
      [
        { key: 'source', operator: '<', value: 'x' },
        { key: 'function', operator: '!~', value: 'pay.*' },
      ],
      'runs'
    );
    expect(res.conditions).toEqual([]);
    expect(res.unsupported).toEqual(['source < x', 'function !~ pay.*']);
  });
});

describe('ad hoc filters on the log volume', () => {
  it('apply log columns as on the logs table and leave run columns out', () => {
    const filters = [
      { key: 'level', operator: '=', value: 'error' },
      { key: 'deployment_version', operator: '=', value: '2' },
    ];
    expect(adhocToConditions(filters, logVolumeColumns)).toEqual(adhocToConditions(filters, 'logs'));
    expect(adhocToConditions(filters, logVolumeColumns)).toMatchObject({
      conditions: [{ field: 'level', op: 'is', values: ['error'] }],
      ignored: ['deployment_version = 2'],
    });
  });
});

describe('ad hoc filters on the logs frame columns', () => {
  it('"filter for value" on Log Level (log_level, the level as recorded) filters the level', () => {
    const { conditions, ignored } = adhocToConditions([{ key: 'log_level', operator: '=', value: 'stdout' }], 'logs');
    expect(ignored).toEqual([]);
    expect(conditions).toEqual([{ field: 'level', op: 'is', values: ['stdout'] }]);
  });

  it('is a log column: runs queries leave it out', () => {
    const { conditions, ignored } = adhocToConditions([{ key: 'log_level', operator: '=', value: 'stdout' }], 'runs');
    expect(conditions).toEqual([]);
    expect(ignored).toEqual(['log_level = stdout']);
  });
});
