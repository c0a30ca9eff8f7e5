import type { estypes } from '@elastic/elasticsearch';
import { z } from 'zod';
import { ApiError } from '../http/errors';
import { parse } from '../http/validate';

/** Time buckets shared by the runs and logs time series. */
function isTimeZone(tz: string): boolean {
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) {
    return true;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const INTERVAL = /^[1-9]\d{0,3}[mhd]$/;
const bucketsQuery = z.object({
  interval: z.string().regex(INTERVAL, 'like 5m, 1h or 1d').optional(),
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, 'an IANA time zone like Europe/Paris, or an offset like +02:00')
    .default('UTC'),
});
const MAX_BUCKETS = 2000;
const MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Hourly buckets up to a day, daily beyond (SPEC); a given interval must not explode the bucket count. */
function bucketInterval(from: Date, to: Date, given?: string): string {
  const span = to.getTime() - from.getTime();
  const interval = given ?? (span <= MS.d ? '1h' : '1d');
  const ms = Number(interval.slice(0, -1)) * MS[interval.slice(-1) as keyof typeof MS];
  if (span / ms > MAX_BUCKETS) {
    throw new ApiError(400, 'invalid_request', 'invalid query', [
      { path: 'query.interval', message: `more than ${MAX_BUCKETS} buckets over this range; choose a longer interval` },
    ]);
  }
  return interval;
}

/** The bucket interval and time zone of a time series request, validated. */
export function bucketsOf(range: { from: Date; to: Date }, query: unknown): { interval: string; tz: string } {
  const q = parse(bucketsQuery, query, 'query');
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
