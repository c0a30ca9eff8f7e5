import { createDataFrame, FieldType, type DataFrame, type FieldConfig } from '@grafana/data';
import type { LogLevel, LogVolumeResponse } from '../../types';
import { intervalMs } from './timeseriesFrame';
import { COUNT } from './units';

const N = FieldType.number;

/** One color per level, the same in every panel: errors red, warnings orange. */
const COLORS: Record<LogLevel, string> = {
  stdout: 'blue',
  stderr: 'purple',
  info: 'green',
  debug: 'text',
  warning: 'orange',
  error: 'red',
};
const cfg = (l: LogLevel): FieldConfig => ({ ...COUNT, color: { mode: 'fixed', fixedColor: COLORS[l] } });

/**
 * Time field `time` plus the log lines of each level per bucket (zero included), for stacked bars.
 * Same buckets as the runs time series: hourly up to a day, daily beyond, unless set.
 */
export function logVolumeFrame(refId: string, volume: LogVolumeResponse): DataFrame {
  const level = (l: LogLevel) => volume.buckets.map((b) => b.by_level?.[l] ?? 0);
  const time = volume.buckets.map((b) => Date.parse(b.time));
  return createDataFrame({
    refId,
    name: 'log_volume',
    meta: { custom: { interval: volume.interval } },
    fields: [
      { name: 'time', type: FieldType.time, values: time, config: { interval: intervalMs(volume.interval) } },
      { name: 'stdout', type: N, values: level('stdout'), config: { displayName: 'Stdout', ...cfg('stdout') } },
      { name: 'stderr', type: N, values: level('stderr'), config: { displayName: 'Stderr', ...cfg('stderr') } },
      { name: 'info', type: N, values: level('info'), config: { displayName: 'Info', ...cfg('info') } },
      { name: 'debug', type: N, values: level('debug'), config: { displayName: 'Debug', ...cfg('debug') } },
      { name: 'warning', type: N, values: level('warning'), config: { displayName: 'Warning', ...cfg('warning') } },
      { name: 'error', type: N, values: level('error'), config: { displayName: 'Error', ...cfg('error') } },
    ],
  });
}
