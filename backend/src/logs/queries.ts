import type { estypes } from '@elastic/elasticsearch';
import { LOG_FILTER_FIELDS, LOG_LEVELS } from '@runlens/contract';
import type { Buckets } from '../es/aggregations';
import { histogram } from '../filters/buckets';
import type { Page, Selection } from '@runlens/contract';
import { selectionQuery } from '../filters/query';

const LOG_ROW_EXCLUDES = ['attributes'];

export const logsQuery = (sel: Selection) => selectionQuery(sel, LOG_FILTER_FIELDS, 'timestamp');

/** Lines of the same millisecond keep their order through seq; log_id breaks any tie left. */
export function logSort(page: Pick<Page, 'sort' | 'order'>): estypes.SortCombinations[] {
  const order = page.order;
  const clauses: estypes.SortCombinations[] = [{ [page.sort]: { order } }];
  if (page.sort !== 'timestamp') clauses.push({ timestamp: { order } });
  clauses.push({ seq: { order } }, { log_id: { order } });
  return clauses;
}

export function logsListRequest(
  index: string,
  sel: Selection,
  page: Page,
  searchAfter?: estypes.SortResults
): estypes.SearchRequest {
  return {
    index,
    query: logsQuery(sel),
    sort: logSort(page),
    size: page.limit,
    search_after: searchAfter,
    track_total_hits: true,
    _source: { excludes: LOG_ROW_EXCLUDES },
  };
}

/** The logs of one run, oldest first, for the record view. */
export function runLogsBody(runId: string, size: number): estypes.MsearchMultisearchBody {
  return {
    query: { term: { run_id: runId } },
    sort: logSort({ sort: 'timestamp', order: 'asc' }),
    size,
    track_total_hits: true,
    _source: { excludes: LOG_ROW_EXCLUDES },
  };
}

export interface LogsTimeseriesAggs {
  series: Buckets<{ key: number; doc_count: number; levels: Buckets<{ key: string; doc_count: number }> }>;
}

/** Log lines per time bucket and level (the Logs tab's volume chart), under the same filters as the list. */
export function logsTimeseriesRequest(
  index: string,
  sel: Selection,
  interval: string,
  timeZone: string
): estypes.SearchRequest {
  return {
    index,
    size: 0,
    query: logsQuery(sel),
    aggs: {
      series: {
        date_histogram: histogram('timestamp', sel, interval, timeZone),
        aggs: { levels: { terms: { field: 'level', size: LOG_LEVELS.length } } },
      },
    },
  };
}
