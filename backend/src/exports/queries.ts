import type { estypes } from '@elastic/elasticsearch';
import type { Page, Selection } from '@runlens/contract';
import { logSort, logsQuery } from '../logs/queries';
import { runSort, runsQuery } from '../runs/queries';
import type { ExportKind } from './columns';
import { indexSpansAggs } from './scanPlan';

/**
 * The Elasticsearch requests behind an export: the very query and sort of the runs or logs
 * list (so the file holds what the table shows, in its order), read through a point in time
 * page by page with `search_after`. Plain builders, so the benchmark sends the same scan
 * straight to Elasticsearch as its yardstick.
 */
export type Sort = Pick<Page, 'sort' | 'order'>;

/** How long a point in time stays open between two pages. */
export const PIT_KEEP_ALIVE = '5m';

export function exportQuery(kind: ExportKind, sel: Selection): estypes.QueryDslQueryContainer {
  return kind === 'runs' ? runsQuery(sel) : logsQuery(sel);
}

/**
 * The order an export reads rows in: the table's sort but for its last clause, the row id
 * that makes the table's order total. A keyword tiebreaker makes each page of a scan
 * several times slower to read than numeric and date clauses alone; the point in time's own
 * tiebreaker keeps the scan total instead, and the writer puts the few rows that tie on
 * everything else into id order itself (writer.ts), so the file keeps the table's order.
 */
export interface ExportOrder {
  sort: estypes.SortCombinations[];
  /** The dropped id clause; null when the id is the sort column itself. */
  tiebreak: { field: string; order: 'asc' | 'desc' } | null;
}

export function exportOrder(kind: ExportKind, sort: Sort): ExportOrder {
  const table = kind === 'runs' ? runSort(sort) : logSort(sort);
  const id = kind === 'runs' ? 'run_id' : 'log_id';
  const last = table[table.length - 1] as Record<string, { order: 'asc' | 'desc' }>;
  if (table.length === 1 || !last[id]) {
    return { sort: table, tiebreak: null };
  }
  return { sort: table.slice(0, -1), tiebreak: { field: id, order: last[id].order } };
}

/** The number of rows the point in time holds for the selection: the export's rows expected. */
export function countRequest(
  kind: ExportKind,
  pitId: string,
  query: estypes.QueryDslQueryContainer,
  sort: Sort
): estypes.SearchRequest {
  return {
    pit: { id: pitId, keep_alive: PIT_KEEP_ALIVE },
    query,
    size: 0,
    track_total_hits: true,
    // The scan plan comes with the count: which indices hold rows, over which times.
    aggs: indexSpansAggs(kind, sort),
  };
}

/** One page of rows after `after` (Elasticsearch adds the point in time's tiebreaker to the sort). */
export function pageRequest(
  pitId: string,
  query: estypes.QueryDslQueryContainer,
  sort: estypes.SortCombinations[],
  size: number,
  after?: estypes.SortResults
): estypes.SearchRequest {
  return {
    pit: { id: pitId, keep_alive: PIT_KEEP_ALIVE },
    query,
    sort,
    size,
    search_after: after,
    track_total_hits: false,
    // Whole documents: Elasticsearch copies a stored source as it is, where picking the columns
    // out of it parses every document (time-ordered scans read about 1.4 times more rows a
    // second whole, runs and logs alike); the writer takes its columns and drops the rest.
    _source: true,
    // No filter_path: a filtered answer cannot copy a stored source as it is either, and
    // Elasticsearch then parses every document again (pages arrived about 1.3 times slower
    // than whole answers, whose few extra metadata fields cost the backend less than that).
    // Shards the page cannot draw from (other indices than its group, times past `after`)
    // are skipped before the query runs, whatever their number.
    pre_filter_shard_size: 1,
  };
}

/** Finished files past their expiry, or rows whose writer stopped beating (the backend died). */
export function sweepQuery(now: Date, stalledBefore: Date): estypes.QueryDslQueryContainer {
  return {
    bool: {
      should: [
        { bool: { filter: [{ term: { state: 'done' } }, { range: { expires_at: { lt: now.toISOString() } } }] } },
        {
          bool: {
            filter: [
              { terms: { state: ['queued', 'running'] } },
              { range: { updated_at: { lt: stalledBefore.toISOString() } } },
            ],
          },
        },
      ],
      minimum_should_match: 1,
    },
  };
}
