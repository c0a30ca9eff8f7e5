import type { estypes } from '@elastic/elasticsearch';

/** The run metrics of SPEC, for a whole selection, a time bucket or a deployment version. */
export interface RunMetrics {
  total_runs: number;
  failed_runs: number;
  failure_rate: number;
  p90_ms: number | null;
  p99_ms: number | null;
}

interface MetricBucket {
  doc_count: number;
  failed: { doc_count: number };
  timed: { value: number };
  rt: { values: Array<{ key: number; value: number | null }> };
}

/** failed ÷ total × 100, two decimals (1 of 3 = 33.33). */
export const failureRate = (failed: number, total: number) =>
  total === 0 ? 0 : Math.round((failed / total) * 10_000) / 100;

export function metricsOf(bucket: MetricBucket, total = bucket.doc_count): RunMetrics {
  const pct = (p: number) => bucket.rt.values.find((v) => v.key === p)?.value ?? null;
  return {
    total_runs: total,
    failed_runs: bucket.failed.doc_count,
    failure_rate: failureRate(bucket.failed.doc_count, total),
    p90_ms: pct(90),
    p99_ms: pct(99),
  };
}

/**
 * Up to this many timed runs, P90 and P99 are exact: the slowest SLOWEST response times hold
 * both closest ranks of each, and are interpolated as SPEC says. They are fetched beside the
 * aggregation in the same msearch. Beyond it, the HDR histogram's value stands: 0.1 % value
 * precision, and at such counts its nearest rank sits next to the interpolated one
 * (test/percentiles.test.ts).
 */
export const EXACT_PERCENTILE_LIMIT = 10_000;
const SLOWEST = Math.ceil(0.1 * (EXACT_PERCENTILE_LIMIT - 1)) + 2;

/** The slowest response times of a selection, slowest first. */
export function slowestBody(query: estypes.QueryDslQueryContainer): estypes.MsearchMultisearchBody {
  return {
    query: { bool: { filter: [query, { exists: { field: 'response_time_ms' } }] } },
    sort: [{ response_time_ms: 'desc' }],
    size: SLOWEST,
    // Only the sort values are read: no _source, no stored fields (not even _id) to fetch.
    _source: false,
    stored_fields: ['_none_'],
    track_total_hits: false,
  };
}

export const slowestOf = (res: estypes.MsearchMultiSearchItem<unknown>) =>
  res.hits.hits.map((h) => Number(h.sort?.[0]));

/** SPEC's percentile (linear interpolation between the closest ranks) from the slowest values; null when they fall short. */
export function exactFromSlowest(slowest: number[], timed: number, p: number): number | null {
  if (timed === 0 || timed > EXACT_PERCENTILE_LIMIT) {
    return null;
  }
  const rank = (p / 100) * (timed - 1);
  const lo = Math.floor(rank);
  const frac = rank - lo;
  // Ascending rank r is at index timed - 1 - r of the slowest-first list.
  const a = slowest[timed - 1 - lo];
  const b = frac > 0 ? slowest[timed - 2 - lo] : a;
  // Data may have changed between reads; keep the estimate then.
  return a === undefined || b === undefined ? null : a + frac * (b - a);
}

/** Replaces the estimated P90/P99 by the exact ones where the slowest values allow. */
export function applyExact(metrics: RunMetrics, slowest: number[], timed: number): void {
  for (const [p, key] of [
    [90, 'p90_ms'],
    [99, 'p99_ms'],
  ] as const) {
    metrics[key] = exactFromSlowest(slowest, timed, p) ?? metrics[key];
  }
}
