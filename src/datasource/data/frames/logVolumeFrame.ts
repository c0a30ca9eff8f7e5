import { createDataFrame, FieldType, type DataFrame, type FieldConfig } from '@grafana/data';
import { LOG_LEVELS, type LogLevel } from '@runlens/contract/enums';
import { logLevel } from '../../../shared/vocabulary';
import type { LogVolumeResponse } from '../../types';
import { intervalMs } from './timeseriesFrame';
import { COUNT } from './units';

const N = FieldType.number;

/** Each level's count in the level's one colour (shared/vocabulary.ts), named by its label. */
const cfg = (l: LogLevel): FieldConfig => ({
  displayName: logLevel(l).label,
  ...COUNT,
  color: { mode: 'fixed', fixedColor: logLevel(l).color },
});

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
      ...LOG_LEVELS.map((l) => ({ name: l, type: N, values: level(l), config: cfg(l) })),
    ],
  });
}
