import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { TimeseriesResponse } from '../../types';

/** Time field `time` plus the metrics of each bucket (hourly up to a day, daily beyond, unless set). */
export function timeseriesFrame(refId: string, ts: TimeseriesResponse): DataFrame {
  const b = ts.buckets;
  return createDataFrame({
    refId,
    name: 'timeseries',
    meta: { custom: { interval: ts.interval } },
    fields: [
      {
        name: 'time',
        type: FieldType.time,
        values: b.map((x) => Date.parse(x.time)),
        config: { interval: intervalMs(ts.interval) },
      },
      {
        name: 'total_runs',
        type: FieldType.number,
        values: b.map((x) => x.total_runs),
        config: { displayName: 'Total Runs', unit: 'none', decimals: 0 },
      },
      {
        name: 'failed_runs',
        type: FieldType.number,
        values: b.map((x) => x.failed_runs),
        config: { displayName: 'Failed Runs', unit: 'none', decimals: 0 },
      },
      {
        name: 'failure_rate',
        type: FieldType.number,
        values: b.map((x) => x.failure_rate),
        config: { displayName: 'Failure Rate', unit: 'percent', decimals: 2 },
      },
      {
        name: 'p90_ms',
        type: FieldType.number,
        values: b.map((x) => x.p90_ms),
        config: { displayName: 'Response Time (P90)', unit: 'ms' },
      },
      {
        name: 'p99_ms',
        type: FieldType.number,
        values: b.map((x) => x.p99_ms),
        config: { displayName: 'Response Time (P99)', unit: 'ms' },
      },
    ],
  });
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "5m" → 300000; undefined when the backend sent something else. */
export function intervalMs(interval: string): number | undefined {
  const m = /^(\d+)([smhdw])$/.exec(interval ?? '');
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}
