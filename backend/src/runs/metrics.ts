import type { Client, estypes } from '@elastic/elasticsearch';

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
 * Up to this many timed runs, percentiles are exact: the two closest ranks are read with
 * a sorted search (the window Elasticsearch allows without scrolling), then interpolated.
 * Beyond it, the HDR histogram's value stands: 0.1 % value precision, and at such counts the
 * nearest rank it reads is next to the interpolated one (see test/percentiles.test.ts).
 */
export const EXACT_PERCENTILE_LIMIT = 10_000;

/** SPEC's definition: linear interpolation between the closest ranks (rank = p/100·(n−1)). */
export function rankOf(p: number, n: number) {
  const rank = (p / 100) * (n - 1);
  return { lo: Math.floor(rank), frac: rank - Math.floor(rank) };
}

export interface ExactTarget {
  /** The query selecting the runs this metric is over. */
  query: estypes.QueryDslQueryContainer;
  timed: number;
  metrics: RunMetrics;
}

/** Replaces the estimated P90/P99 by exact values for every target with few enough runs, in one msearch. */
export async function refinePercentiles(es: Client, index: string, targets: ExactTarget[]): Promise<void> {
  const jobs: Array<{ target: ExactTarget; key: 'p90_ms' | 'p99_ms'; frac: number }> = [];
  const searches: estypes.MsearchRequestItem[] = [];
  for (const target of targets) {
    if (target.timed === 0 || target.timed > EXACT_PERCENTILE_LIMIT) {
      continue;
    }
    for (const [p, key] of [
      [90, 'p90_ms'],
      [99, 'p99_ms'],
    ] as const) {
      const { lo, frac } = rankOf(p, target.timed);
      jobs.push({ target, key, frac });
      searches.push(
        { index },
        {
          query: { bool: { filter: [target.query, { exists: { field: 'response_time_ms' } }] } },
          sort: [{ response_time_ms: 'asc' }],
          from: lo,
          size: frac > 0 ? 2 : 1,
          _source: false,
          track_total_hits: false,
        }
      );
    }
  }
  if (searches.length === 0) {
    return;
  }
  const res = await es.msearch({ searches });
  res.responses.forEach((r, i) => {
    const job = jobs[i]!;
    if ('error' in r) {
      throw new Error(`percentile refinement failed: ${JSON.stringify(r.error)}`);
    }
    const values = r.hits.hits.map((h) => Number(h.sort?.[0]));
    const [a, b] = values;
    // Data may have changed between the two reads; keep the estimate then.
    if (a === undefined) {
      return;
    }
    job.target.metrics[job.key] = b === undefined ? a : a + job.frac * (b - a);
  });
}
