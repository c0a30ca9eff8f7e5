import type { estypes } from '@elastic/elasticsearch';
import { TZ_HINT } from '@runlens/contract';
import { SelectionError } from './errors';

/** Time buckets shared by the runs and logs time series (their query: the contract's bucketsQuery). */
const MAX_BUCKETS = 2000;
const MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** What Elasticsearch refusing a well-formed zone name becomes (see the contract's bucketsQuery). */
export const timeZoneRefused = () => new SelectionError('tz', `unknown time zone; ${TZ_HINT}`);

/** Hourly buckets up to a day, daily beyond (SPEC); a given interval must not explode the bucket count. */
function bucketInterval(from: Date, to: Date, given?: string): string {
  const span = to.getTime() - from.getTime();
  const interval = given ?? (span <= MS.d ? '1h' : '1d');
  const ms = Number(interval.slice(0, -1)) * MS[interval.slice(-1) as keyof typeof MS];
  if (span / ms > MAX_BUCKETS) {
    throw new SelectionError('interval', `more than ${MAX_BUCKETS} buckets over this range; choose a longer interval`);
  }
  return interval;
}

/** The bucket interval and time zone of a time series request. */
export function bucketsOf(
  range: { from: Date; to: Date },
  q: { interval?: string; tz: string }
): { interval: string; tz: string } {
  return { interval: bucketInterval(range.from, range.to, q.interval), tz: q.tz };
}

/** A date histogram over the range, empty buckets included. */
export function histogram(
  field: string,
  range: { from: Date; to: Date },
  interval: string,
  timeZone: string
): estypes.AggregationsDateHistogramAggregation {
  return {
    field,
    min_doc_count: 0,
    time_zone: timeZone,
    extended_bounds: { min: range.from.getTime(), max: range.to.getTime() },
    // Calendar days follow the time zone's midnight; other intervals are fixed lengths.
    ...(interval === '1d' ? { calendar_interval: 'day' as const } : { fixed_interval: interval }),
  };
}
