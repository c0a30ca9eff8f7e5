import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { StatsResponse } from '../../types';
import { COUNT, MS, PCT, TIMED } from './units';

const N = FieldType.number;

/** One row of single values: Total Runs, P90, P99 (ms), the runs behind them, Failure Rate (percent). One field per line. */
export function statsFrame(refId: string, s: StatsResponse): DataFrame {
  return createDataFrame({
    refId,
    name: 'stats',
    fields: [
      { name: 'total_runs', type: N, values: [s.total_runs], config: { displayName: 'Total Runs', ...COUNT } },
      { name: 'p90_ms', type: N, values: [s.p90_ms], config: { displayName: 'Response Time (P90)', ...MS } },
      { name: 'p99_ms', type: N, values: [s.p99_ms], config: { displayName: 'Response Time (P99)', ...MS } },
      { name: 'timed_runs', type: N, values: [s.timed_runs], config: { displayName: 'Timed Runs', ...TIMED } },
      { name: 'failure_rate', type: N, values: [s.failure_rate], config: { displayName: 'Failure Rate', ...PCT } },
      { name: 'failed_runs', type: N, values: [s.failed_runs], config: { displayName: 'Failed Runs', ...COUNT } },
    ],
  });
}
