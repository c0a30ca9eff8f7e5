import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { LogRow, RunRecord } from '../../types';
import { logsFrame } from './logsFrame';
import { toTime } from './runsFrame';

/**
 * Why a record view shows what it shows. `ok`: a run; otherwise an empty state:
 * no script deployed, deployed but never run, no run in the range/filters, run not found.
 */
export type RecordState = 'ok' | 'no_script' | 'never_run' | 'no_runs' | 'not_found';

export interface RecordMeta {
  state: RecordState;
  /** The run asked for (not_found) or shown (ok). */
  runId?: string;
  prevRunId: string | null;
  nextRunId: string | null;
  /** How many log lines the run has; the record carries the first ones. */
  logsTotal?: number;
}

export interface RecordResult {
  meta: RecordMeta;
  run?: RunRecord;
  logs: LogRow[];
}

export const RECORD_FRAME = 'record';
export const RECORD_LOGS_FRAME = 'record_logs';

/** Frame `record` (one row: the run with input and output; meta.custom = RecordMeta) and `record_logs`. */
export function recordFrames(refId: string, result: RecordResult): DataFrame[] {
  const runs = result.run ? [result.run] : [];
  const col = <K extends keyof RunRecord>(k: K) => runs.map((r) => r[k]);
  const record = createDataFrame({
    refId,
    name: RECORD_FRAME,
    meta: { custom: { ...result.meta } },
    fields: [
      { name: 'run_id', type: FieldType.string, values: col('run_id') },
      { name: 'script', type: FieldType.string, values: col('script') },
      { name: 'function', type: FieldType.string, values: col('function') },
      { name: 'status', type: FieldType.string, values: col('status') },
      { name: 'deployment_version', type: FieldType.number, values: col('deployment_version') },
      { name: 'response_time_ms', type: FieldType.number, values: col('response_time_ms'), config: { unit: 'ms' } },
      { name: 'executed_on', type: FieldType.time, values: runs.map((r) => toTime(r.executed_on)) },
      { name: 'finished_at', type: FieldType.time, values: runs.map((r) => toTime(r.finished_at)) },
      { name: 'source_type', type: FieldType.string, values: col('source_type') },
      { name: 'source', type: FieldType.string, values: col('source') },
      { name: 'error', type: FieldType.string, values: col('error') },
      { name: 'trace_id', type: FieldType.string, values: col('trace_id') },
      { name: 'input', type: FieldType.other, values: col('input') },
      { name: 'output', type: FieldType.other, values: col('output') },
    ],
  });
  const logs = logsFrame(refId, result.logs);
  logs.name = RECORD_LOGS_FRAME;
  return [record, logs];
}
