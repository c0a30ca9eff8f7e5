import type { RecordResponse, RowsPage, RunRow, ScriptsResponse } from '../types';
import { ApiError, type RunLensApi } from './api';
import type { RecordResult, RecordState } from './frames/recordFrame';
import type { ResolvedQuery } from './interpolate';
import { buildRequest, type TimeRangeMs } from './requests';

/**
 * The record of `q.runId`, or of the newest run of the list when no run is chosen yet. When there
 * is nothing to show, says why (SPEC: "Empty states say why").
 */
export async function fetchRecord(api: RunLensApi, q: ResolvedQuery, range: TimeRangeMs): Promise<RecordResult> {
  let runId = q.runId;
  if (!runId) {
    const list = buildRequest({ ...q, queryType: 'runs' }, range, { limit: 1 });
    const page = await api.get<RowsPage<RunRow>>(list.path, list.params);
    if (page.rows.length === 0) {
      return empty(await whyNoRuns(api, q.scripts));
    }
    runId = page.rows[0].run_id;
  }
  const req = buildRequest({ ...q, runId }, range);
  try {
    const res = await api.get<RecordResponse>(req.path, req.params);
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
  const res = await api.get<ScriptsResponse>('/api/v1/scripts');
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
