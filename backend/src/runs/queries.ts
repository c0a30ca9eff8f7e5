import type { estypes } from '@elastic/elasticsearch';
import { RUN_FILTER_FIELDS, type Page, type Selection } from '@runlens/contract';
import type { Buckets } from '../es/aggregations';
import { histogram } from '../filters/buckets';
import { EXACT_PERCENTILE_LIMIT, type MetricBucket, SLOWEST_FOR_EXACT } from './metrics';
import { selectionQuery } from '../filters/query';

/**
 * The Elasticsearch requests behind the runs reads. Kept as plain builders so the benchmark
 * can send exactly the same request straight to Elasticsearch as its yardstick.
 */

/** Everything of a run but the stored input and output (the record view has those). */
export const RUN_ROW_EXCLUDES = ['input', 'output', 'started', 'updated_at'];

export const runsQuery = (sel: Selection) => selectionQuery(sel, RUN_FILTER_FIELDS, 'executed_on');

/**
 * Sort by a column, then by start time in the same order, run_id breaking any tie left;
 * `reverse` walks the same list backwards.
 */
export function runSort(page: Pick<Page, 'sort' | 'order'>, reverse = false): estypes.SortCombinations[] {
  const asc = (page.order === 'asc') !== reverse;
  const order = asc ? 'asc' : 'desc';
  // Empty cells (e.g. response time of a failed run) stay at the end of the list in its own order.
  const missing = reverse ? '_first' : '_last';
  const clauses: estypes.SortCombinations[] = [{ [page.sort]: { order, missing } }];
  if (page.sort !== 'executed_on' && page.sort !== 'run_id') {
    clauses.push({ executed_on: { order, missing } });
  }
  if (page.sort !== 'run_id') {
    clauses.push({ run_id: { order } });
  }
  return clauses;
}

export function runsListRequest(
  index: string,
  sel: Selection,
  page: Page,
  searchAfter?: estypes.SortResults
): estypes.SearchRequest {
  return {
    index,
    query: runsQuery(sel),
    sort: runSort(page),
    size: page.limit,
    search_after: searchAfter,
    track_total_hits: true,
    _source: { excludes: RUN_ROW_EXCLUDES },
  };
}

const PERCENTS = [90, 99];

/** Metrics sub-aggregations shared by stats, time series buckets and versions. */
export const metricAggs: Record<string, estypes.AggregationsAggregationContainer> = {
  failed: { filter: { term: { status: 'failed' } } },
  timed: { value_count: { field: 'response_time_ms' } },
  // HDR keeps every value to 3 significant digits (0.1 %) whatever the distribution's shape;
  // t-digest interpolates across gaps, e.g. between a fast and a slow mode, and can be far off.
  rt: {
    percentiles: {
      field: 'response_time_ms',
      percents: PERCENTS,
      keyed: false,
      hdr: { number_of_significant_value_digits: 3 },
    },
  },
};

/** What metricAggs answers, beside the bucket's doc_count. */
export type MetricAggs = Omit<MetricBucket, 'doc_count'>;
export interface TimeseriesAggs {
  series: Buckets<MetricBucket & { key: number }>;
}
export interface ByVersionAggs {
  versions: Buckets<MetricBucket & { key: number }>;
}
export interface ValuesAggs {
  values: Buckets<{ key: string | number; doc_count: number }>;
}

/**
 * What stats reads of statsSearches' answers: every slowest hit trimmed to its sort value, a
 * third of the bytes to send and parse (measured: ~0.5 ms less per stats request at 1,001 hits).
 * `error` and `_shards` stay for the checks in es/reads.ts.
 */
export const STATS_FILTER_PATH = [
  'took',
  'responses.error',
  'responses.status',
  'responses._shards',
  'responses.hits.total',
  'responses.hits.hits.sort',
  'responses.aggregations',
];

/**
 * The searches behind stats, sent together in one msearch (one round trip): the metrics, and
 * the slowest response times, enough for exact P90 and P99 up to EXACT_PERCENTILE_LIMIT timed
 * runs. The second stops a shard after EXACT_PERCENTILE_LIMIT + 1 timed runs: beyond the limit
 * its values go unused, so a large selection costs it no more than the limit does. (Sorting
 * inside the aggregating search instead sorts every run selected: 30 days of all scripts over
 * 1,000,000 runs took 200 ms instead of 35.)
 */
export function statsSearches(index: string, sel: Selection): estypes.MsearchRequestItem[] {
  const query = runsQuery(sel);
  return [
    { index },
    { size: 0, track_total_hits: true, query, aggs: metricAggs },
    { index },
    {
      query: { bool: { filter: [query, { exists: { field: 'response_time_ms' } }] } },
      sort: [{ response_time_ms: 'desc' }],
      size: SLOWEST_FOR_EXACT,
      terminate_after: EXACT_PERCENTILE_LIMIT + 1,
      // Counts the runs the ranks are over.
      track_total_hits: true,
      // Only the sort values are read: no _source, no stored fields to fetch.
      _source: false,
      stored_fields: ['_none_'],
    },
  ];
}

export function timeseriesRequest(
  index: string,
  sel: Selection,
  interval: string,
  timeZone: string
): estypes.SearchRequest {
  return {
    index,
    size: 0,
    query: runsQuery(sel),
    aggs: { series: { date_histogram: histogram('executed_on', sel, interval, timeZone), aggs: metricAggs } },
  };
}

export function byVersionRequest(index: string, sel: Selection): estypes.SearchRequest {
  return {
    index,
    size: 0,
    query: runsQuery(sel),
    aggs: {
      versions: { terms: { field: 'deployment_version', size: 1000, order: { _key: 'desc' } }, aggs: metricAggs },
    },
  };
}

export function valuesRequest(index: string, sel: Selection, field: string): estypes.SearchRequest {
  return {
    index,
    size: 0,
    query: runsQuery(sel),
    aggs: { values: { terms: { field, size: 1000, order: { _key: 'asc' } } } },
  };
}
