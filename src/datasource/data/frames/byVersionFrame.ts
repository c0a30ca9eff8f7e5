import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { ByVersionResponse } from '../../types';

/** The metrics side by side per deployment version, keyed by deployment_version (a number). */
export function byVersionFrame(refId: string, res: ByVersionResponse): DataFrame {
  const v = res.versions;
  return createDataFrame({
    refId,
    name: 'by_version',
    fields: [
      {
        name: 'deployment_version',
        type: FieldType.number,
        values: v.map((x) => x.deployment_version),
        config: { displayName: 'Deployment Version', decimals: 0 },
      },
      {
        name: 'total_runs',
        type: FieldType.number,
        values: v.map((x) => x.total_runs),
        config: { displayName: 'Total Runs', unit: 'none', decimals: 0 },
      },
      {
        name: 'failed_runs',
        type: FieldType.number,
        values: v.map((x) => x.failed_runs),
        config: { displayName: 'Failed Runs', unit: 'none', decimals: 0 },
      },
      {
        name: 'failure_rate',
        type: FieldType.number,
        values: v.map((x) => x.failure_rate),
        config: { displayName: 'Failure Rate', unit: 'percent', decimals: 2 },
      },
      {
        name: 'p90_ms',
        type: FieldType.number,
        values: v.map((x) => x.p90_ms),
        config: { displayName: 'Response Time (P90)', unit: 'ms' },
      },
      {
        name: 'p99_ms',
        type: FieldType.number,
        values: v.map((x) => x.p99_ms),
        config: { displayName: 'Response Time (P99)', unit: 'ms' },
      },
    ],
  });
}
