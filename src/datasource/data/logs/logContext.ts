import { LogRowContextQueryDirection, type LogRowContextOptions, type LogRowModel } from '@grafana/data';
import type { TimeRangeMs } from '../queryTypes/definition';
import type { RunLensQuery } from '../queryTypes/registry';

/**
 * Log context (Explore's "show context" on a line): the lines of the same run before or after it,
 * whatever the original query filtered, because a run's lines are what explains it. The window is
 * a day either side of the line (runs are short; the backend caps a read anyway).
 */
const WINDOW_MS = 24 * 3_600_000;
const DEFAULT_LIMIT = 50;

export function contextRequest(
  row: LogRowModel,
  options?: LogRowContextOptions,
  origin?: RunLensQuery
): { query: RunLensQuery; range: TimeRangeMs } | undefined {
  const runId = row.dataFrame.fields.find((f) => f.name === 'run_id')?.values[row.rowIndex];
  if (!runId) {
    return undefined;
  }
  const backward =
    (options?.direction ?? LogRowContextQueryDirection.Backward) === LogRowContextQueryDirection.Backward;
  const at = row.timeEpochMs;
  const limit = options?.limit ?? DEFAULT_LIMIT;
  const query = {
    refId: `context-${origin?.refId ?? 'A'}`,
    queryType: 'logs',
    scripts: [],
    filters: [{ field: 'run_id', op: 'is', values: [String(runId)] }],
    match: 'all',
    q: '',
    sort: 'timestamp',
    // Backward: the closest earlier lines first, as Grafana lists context above a line.
    order: backward ? 'desc' : 'asc',
    limit,
    maxRows: limit,
  } as RunLensQuery;
  const range = backward ? { from: at - WINDOW_MS, to: at } : { from: at, to: at + WINDOW_MS };
  return { query, range };
}
