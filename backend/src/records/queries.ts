import type { estypes } from '@elastic/elasticsearch';
import { RECORD_LOGS, type LogRow, type Page, type Selection } from '@runlens/contract';
import type { Indices } from '../es/indices';
import { runLogsBody } from '../logs/queries';
import type { RunDoc } from '../runs/lifecycle';
import { runSort, runsQuery } from '../runs/queries';

/** The Elasticsearch requests behind the record view, and typed readers of their answers. */

/** One msearch: the run by id, its position in the caller's list, its first logs. */
export function recordSearches(
  indices: Indices,
  runId: string,
  sel: Selection,
  page: Page
): estypes.MsearchRequestItem[] {
  const index = indices.runsPattern;
  return [
    { index, allow_no_indices: true },
    { query: { ids: { values: [runId] } }, size: 1 },
    { index, allow_no_indices: true },
    {
      query: { bool: { filter: [runsQuery(sel), { ids: { values: [runId] } }] } },
      sort: runSort(page),
      size: 1,
      _source: false,
    },
    { index: indices.logsPattern, allow_no_indices: true, ignore_unavailable: true },
    runLogsBody(runId, RECORD_LOGS),
  ];
}

/** The runs just before and just after a position in the caller's list (one msearch). */
export function neighbourSearches(
  indices: Indices,
  sel: Selection,
  page: Page,
  position: estypes.SortResults
): estypes.MsearchRequestItem[] {
  const neighbour = (reverse: boolean): estypes.MsearchRequestItem[] => [
    { index: indices.runsPattern },
    { query: runsQuery(sel), sort: runSort(page, reverse), search_after: position, size: 1, _source: ['run_id'] },
  ];
  return [...neighbour(true), ...neighbour(false)];
}

type Item<T> = estypes.MsearchMultiSearchItem<T>;

/** A search of an msearch, or the error it failed with. */
function ok(r: estypes.MsearchResponseItem<unknown> | undefined): Item<unknown> {
  if (!r || 'error' in r) {
    throw new Error(`search failed: ${JSON.stringify(r?.error ?? 'missing answer')}`);
  }
  return r;
}

// Each search reads the documents of the index it searched: runs or logs.
const asRuns = (r: estypes.MsearchResponseItem<unknown> | undefined) => ok(r) as Item<RunDoc>;
const asLogs = (r: estypes.MsearchResponseItem<unknown> | undefined) => ok(r) as Item<LogRow>;

export function readRecord(res: estypes.MsearchResponse<unknown>) {
  const [run, inList, logs] = [asRuns(res.responses[0]), ok(res.responses[1]), asLogs(res.responses[2])];
  return {
    run: run.hits.hits[0]?._source,
    position: inList.hits.hits[0]?.sort,
    logs: logs.hits.hits.flatMap((h) => (h._source ? [h._source] : [])),
    logsTotal: logs.hits.total,
  };
}

export function readNeighbours(res: estypes.MsearchResponse<unknown>) {
  const id = (r: estypes.MsearchResponseItem<unknown> | undefined) => ok(r).hits.hits[0]?._id ?? null;
  return { prev: id(res.responses[0]), next: id(res.responses[1]) };
}
