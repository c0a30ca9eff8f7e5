import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { ByVersionResponse, VersionStats } from '../../types';
import { COUNT, MS, PCT, TIMED } from './units';

const N = FieldType.number;

/** The metrics side by side per deployment version, keyed by deployment_version (a number). */
export function byVersionFrame(refId: string, res: ByVersionResponse): DataFrame {
  const col = <K extends keyof VersionStats>(k: K) => res.versions.map((x) => x[k]);
  const version = { displayName: 'Deployment Version', decimals: 0 };
  return createDataFrame({
    refId,
    name: 'by_version',
    fields: [
      { name: 'deployment_version', type: N, values: col('deployment_version'), config: version },
      { name: 'total_runs', type: N, values: col('total_runs'), config: { displayName: 'Total Runs', ...COUNT } },
      { name: 'failed_runs', type: N, values: col('failed_runs'), config: { displayName: 'Failed Runs', ...COUNT } },
      { name: 'failure_rate', type: N, values: col('failure_rate'), config: { displayName: 'Failure Rate', ...PCT } },
      { name: 'p90_ms', type: N, values: col('p90_ms'), config: { displayName: 'Response Time (P90)', ...MS } },
      { name: 'p99_ms', type: N, values: col('p99_ms'), config: { displayName: 'Response Time (P99)', ...MS } },
      { name: 'timed_runs', type: N, values: col('timed_runs'), config: { displayName: 'Timed Runs', ...TIMED } },
    ],
  });
}
