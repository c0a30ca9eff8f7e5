import { arity, findField, OPS_BY_KIND } from './fields';
import { fieldsFor, isLogQuery } from './queryTypes/registry';

describe('filterable fields', () => {
  it('offers every run column but Executed On for run queries', () => {
    const names = fieldsFor('runs').map((f) => f.name);
    expect(names).toEqual([
      'run_id',
      'status',
      'deployment_version',
      'response_time_ms',
      'function',
      'source_type',
      'source',
      'error',
    ]);
    expect(names).not.toContain('executed_on');
    expect(fieldsFor('stats')).toBe(fieldsFor('runs'));
  });

  it('offers every log column but Timestamp for log queries', () => {
    expect(fieldsFor('logs').map((f) => f.name)).toEqual(['log_id', 'level', 'message', 'run_id']);
  });

  it('filters the log volume on the same columns as the logs it counts', () => {
    expect(fieldsFor('logVolume')).toBe(fieldsFor('logs'));
    expect(isLogQuery('logVolume')).toBe(true);
    expect(isLogQuery('timeseries')).toBe(false);
  });

  it('gives comparisons to numbers and substring search to text columns', () => {
    expect(OPS_BY_KIND[findField('runs', 'response_time_ms')!.kind]).toEqual(['is', 'is_not', 'gt', 'lt', 'between']);
    expect(OPS_BY_KIND[findField('logs', 'message')!.kind]).toContain('contains');
    expect(OPS_BY_KIND[findField('runs', 'status')!.kind]).not.toContain('gt');
  });

  it('knows how many values each operator takes', () => {
    expect(arity('between')).toBe(2);
    expect(arity('gt')).toBe(1);
    expect(arity('contains')).toBe(1);
    expect(arity('is')).toBeNull();
  });
});
