import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { StatsResponse } from '../../types';

/** One row of single values: Total Runs, P90, P99 (ms), Failure Rate (percent). */
export function statsFrame(refId: string, stats: StatsResponse): DataFrame {
  return createDataFrame({
    refId,
    name: 'stats',
    fields: [
      {
        name: 'total_runs',
        type: FieldType.number,
        values: [stats.total_runs],
        config: { displayName: 'Total Runs', unit: 'none', decimals: 0 },
      },
      {
        name: 'p90_ms',
        type: FieldType.number,
        values: [stats.p90_ms],
        config: { displayName: 'Response Time (P90)', unit: 'ms', noValue: '–' },
      },
      {
        name: 'p99_ms',
        type: FieldType.number,
        values: [stats.p99_ms],
        config: { displayName: 'Response Time (P99)', unit: 'ms', noValue: '–' },
      },
      {
        name: 'failure_rate',
        type: FieldType.number,
        values: [stats.failure_rate],
        config: { displayName: 'Failure Rate', unit: 'percent', decimals: 2 },
      },
      {
        name: 'failed_runs',
        type: FieldType.number,
        values: [stats.failed_runs],
        config: { displayName: 'Failed Runs', unit: 'none', decimals: 0 },
      },
    ],
  });
}
