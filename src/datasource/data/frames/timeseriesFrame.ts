import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { TimeBucket, TimeseriesResponse } from '../../types';
import { COUNT, MS, PCT, TIMED } from './units';

const N = FieldType.number;

/** Time field `time` plus the metrics of each bucket (hourly up to a day, daily beyond, unless set). */
export function timeseriesFrame(refId: string, ts: TimeseriesResponse): DataFrame {
  const col = <K extends keyof TimeBucket>(k: K) => ts.buckets.map((x) => x[k]);
  const time = ts.buckets.map((x) => Date.parse(x.time));
  return createDataFrame({
    refId,
    name: 'timeseries',
    meta: { custom: { interval: ts.interval } },
    fields: [
      { name: 'time', type: FieldType.time, values: time, config: { interval: intervalMs(ts.interval) } },
      { name: 'total_runs', type: N, values: col('total_runs'), config: { displayName: 'Total Runs', ...COUNT } },
      { name: 'failed_runs', type: N, values: col('failed_runs'), config: { displayName: 'Failed Runs', ...COUNT } },
      { name: 'failure_rate', type: N, values: col('failure_rate'), config: { displayName: 'Failure Rate', ...PCT } },
      { name: 'p90_ms', type: N, values: col('p90_ms'), config: { displayName: 'Response Time (P90)', ...MS } },
      { name: 'p99_ms', type: N, values: col('p99_ms'), config: { displayName: 'Response Time (P99)', ...MS } },
      { name: 'timed_runs', type: N, values: col('timed_runs'), config: { displayName: 'Timed Runs', ...TIMED } },
    ],
  });
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "5m" → 300000; undefined when the backend sent something else. */
export function intervalMs(interval: string): number | undefined {
  const m = /^(\d+)([smhdw])$/.exec(interval ?? '');
  return m ? Number(m[1]) * UNIT_MS[m[2]] : undefined;
}
