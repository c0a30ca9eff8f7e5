import type { Client, estypes } from '@elastic/elasticsearch';
import { minRunsFor } from '@runlens/contract';
import { aggregationsOf } from '../es/aggregations';
import { msearch } from '../es/reads';
import { totalOf } from '../filters/paging';
import type { MetricAggs } from './queries';

/** The run metrics of SPEC, for a whole selection, a time bucket or a deployment version. */
export interface RunMetrics {
  total_runs: number;
  failed_runs: number;
  failure_rate: number;
  p90_ms: number | null;
  p99_ms: number | null;
  timed_runs: number;
  p90_reliable: boolean;
  p99_reliable: boolean;
}

export interface MetricBucket {
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
  // value_count is exact (unlike the percentiles' histogram): response_time_ms is single-valued,
  // so it counts the runs behind P90 and P99.
  const timed = bucket.timed.value;
  return {
    total_runs: total,
    failed_runs: bucket.failed.doc_count,
    failure_rate: failureRate(bucket.failed.doc_count, total),
    p90_ms: pct(90),
    p99_ms: pct(99),
    timed_runs: timed,
    p90_reliable: timed >= minRunsFor(90),
    p99_reliable: timed >= minRunsFor(99),
  };
}

/**
 * Up to this many timed runs, P90 and P99 are exact: the closest ranks of each are read from
 * the slowest timed values (sorted searches, within the window Elasticsearch allows without
 * scrolling) and interpolated as SPEC says. Beyond it, the HDR histogram's value stands: 0.1 %
 * value precision, and at such counts its nearest rank sits next to the interpolated one
 * (test/percentiles.test.ts).
 */
export const EXACT_PERCENTILE_LIMIT = 10_000;

/** SPEC's rank: linear interpolation between the closest ranks, rank = p/100·(n−1). */
export function rankOf(p: number, n: number) {
  const rank = (p / 100) * (n - 1);
  return { lo: Math.floor(rank), frac: rank - Math.floor(rank) };
}

/**
 * How many of the slowest timed values hold the closest ranks of P90 (and so of P99) for any
 * count up to EXACT_PERCENTILE_LIMIT: stats reads that many beside its aggregations, so exact
 * ranks come in the same round trip.
 */
export const SLOWEST_FOR_EXACT = EXACT_PERCENTILE_LIMIT - rankOf(90, EXACT_PERCENTILE_LIMIT).lo;

const PERCENTILE_KEYS = [
  [90, 'p90_ms'],
  [99, 'p99_ms'],
] as const;

/**
 * The metrics of statsSearches' two answers: exact P90 and P99 when the slowest values reach
 * down to their ranks, that is up to EXACT_PERCENTILE_LIMIT timed runs.
 */
export function statsOf(
  metricsRes: estypes.SearchResponse<unknown, MetricAggs>,
  slowestRes: estypes.SearchResponse
): RunMetrics {
  const metrics = metricsOf({ ...aggregationsOf(metricsRes), doc_count: totalOf(metricsRes) });
  // The ranks are over the runs the slowest values were read from: the two searches may
  // straddle a refresh, and exact values of one snapshot beat estimates (timed_runs then
  // differs by the runs that refresh added).
  const n = totalOf(slowestRes);
  // Under STATS_FILTER_PATH an answer without hits has no `hits.hits`.
  const slowest = (slowestRes.hits.hits ?? []).map((h) => Number(h.sort?.[0]));
  if (n === 0 || n > EXACT_PERCENTILE_LIMIT || slowest.length < n - rankOf(90, n).lo) {
    return metrics;
  }
  // Ascending rank r is the (n − 1 − r)-th slowest.
  const atRank = (r: number) => slowest[n - 1 - r]!;
  for (const [p, key] of PERCENTILE_KEYS) {
    const { lo, frac } = rankOf(p, n);
    metrics[key] = frac > 0 ? atRank(lo) + frac * (atRank(lo + 1) - atRank(lo)) : atRank(lo);
  }
  return metrics;
}

export interface ExactTarget {
  /** The query selecting the runs the metrics are over. */
  query: estypes.QueryDslQueryContainer;
  /** Refined in place; its timed_runs says how many ranks there are. */
  metrics: RunMetrics;
}

/**
 * Replaces the estimated P90/P99 by exact values for every target with few enough runs, in one
 * second msearch: for the buckets of one aggregation (deployment versions), which have no
 * slowest values of their own beside them.
 */
export async function refinePercentiles(es: Client, index: string, targets: ExactTarget[]): Promise<void> {
  const jobs: Array<{ target: ExactTarget; key: 'p90_ms' | 'p99_ms'; frac: number }> = [];
  const searches: estypes.MsearchRequestItem[] = [];
  const exactable = (n: number) => n > 0 && n <= EXACT_PERCENTILE_LIMIT;
  for (const target of targets.filter((t) => exactable(t.metrics.timed_runs))) {
    const n = target.metrics.timed_runs;
    for (const [p, key] of PERCENTILE_KEYS) {
      const { lo, frac } = rankOf(p, n);
      const size = frac > 0 ? 2 : 1;
      jobs.push({ target, key, frac });
      searches.push(
        { index },
        {
          query: { bool: { filter: [target.query, { exists: { field: 'response_time_ms' } }] } },
          // P90 and P99 sit near the top: counted from the slowest run, Elasticsearch keeps a
          // queue of a tenth of the runs at most, not nine tenths.
          sort: [{ response_time_ms: 'desc' }],
          from: n - lo - size,
          size,
          // Only the sort values are read: no _source, no stored fields to fetch.
          _source: false,
          stored_fields: ['_none_'],
          track_total_hits: false,
        }
      );
    }
  }
  if (searches.length === 0) {
    return;
  }
  (await msearch(es, searches)).responses.forEach((item, i) => {
    const r = item as estypes.MsearchMultiSearchItem;
    const job = jobs[i]!;
    // Slowest first: ranks lo + 1 and lo, so reversed.
    const [a, b] = r.hits.hits.map((h) => Number(h.sort?.[0])).reverse();
    // Data may have changed between the two reads; keep the estimate then.
    if (a !== undefined) {
      job.target.metrics[job.key] = b === undefined ? a : a + job.frac * (b - a);
    }
  });
}
