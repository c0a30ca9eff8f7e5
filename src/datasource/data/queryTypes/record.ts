import type { RecordState } from '../../../shared/recordFrame';
import { RecordOptions } from '../../views/options/RecordOptions';
import { ApiError, routes, type RunLensApi } from '../api';
import { recordFrames, type RecordResult } from '../frames/recordFrame';
import type { SelectionQuery, SortedQuery } from '../query/model';
import { storedSort, text } from '../query/stored';
import { defineQueryType, type Resolved, type TimeRangeMs } from './definition';
import { selectionParams, withPage, withSort } from './params';
import { resolveSort } from './resolve';

export interface RecordQuery extends SelectionQuery, SortedQuery {
  queryType: 'record';
  /** Which run; empty: the first run of the list. */
  runId?: string;
}

/** The record of one run, asked with the caller's list (selection + sort): it decides previous and next. */
function recordRequest(q: Resolved<RecordQuery>, range: TimeRangeMs) {
  return routes.record(q.runId ?? '', withSort(selectionParams(q, 'runs', range), q));
}

/**
 * The record of `q.runId`, or of the newest run of the list when no run is chosen yet. When there
 * is nothing to show, says why (SPEC: "Empty states say why").
 */
export async function fetchRecord(
  api: RunLensApi,
  q: Resolved<RecordQuery>,
  range: TimeRangeMs
): Promise<RecordResult> {
  let runId = q.runId;
  if (!runId) {
    const page = await api.runs(withPage(selectionParams(q, 'runs', range), q, 1));
    if (page.rows.length === 0) {
      return empty(await whyNoRuns(api, q.scripts));
    }
    runId = page.rows[0].run_id;
  }
  try {
    const res = await api.send(recordRequest({ ...q, runId }, range));
    return {
      meta: {
        state: 'ok',
        runId,
        prevRunId: res.prev_run_id,
        nextRunId: res.next_run_id,
        logsTotal: res.logs_total ?? res.logs?.length ?? 0,
      },
      run: res.run,
      logs: res.logs ?? [],
    };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      return empty('not_found', runId);
    }
    throw err;
  }
}

function empty(state: RecordState, runId?: string): RecordResult {
  return { meta: { state, runId, prevRunId: null, nextRunId: null }, logs: [] };
}

/** No run matched: because no script is deployed, because it never ran, or because of the range/filters. */
export async function whyNoRuns(api: RunLensApi, scripts: string[]): Promise<RecordState> {
  const res = await api.scripts();
  const relevant = scripts.length ? res.scripts.filter((s) => scripts.includes(s.script)) : res.scripts;
  const known = relevant.filter((s) => s.deployments.length > 0 || s.total_runs > 0);
  if (known.length === 0) {
    return 'no_script';
  }
  if (known.every((s) => s.total_runs === 0)) {
    return 'never_run';
  }
  return 'no_runs';
}

/** One run with input, output and its logs, for the record view panel (frames: shared/recordFrame.ts). */
export const record = defineQueryType<RecordQuery>()({
  type: 'record',
  label: 'Record',
  description: 'One run with input, output and its logs (record view panel)',
  inPicker: true,
  columns: 'runs',
  migrate: (stored) => ({ queryType: 'record', ...storedSort(stored), runId: text(stored.runId) }),
  resolve: (q, vars) => ({ ...resolveSort(q, vars), runId: vars.values(q.runId ?? '')[0] ?? '' }),
  request: recordRequest,
  frames: async ({ api, query, range }) => recordFrames(query.refId, await fetchRecord(api, query, range)),
  OptionsEditor: RecordOptions,
  title: (q, scripts) => `Record of ${scripts}${q.runId ? ` run ${q.runId}` : ''}`,
});
