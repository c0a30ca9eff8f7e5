import { createDataFrame, type DataFrame } from '@grafana/data';
import {
  RECORD_FRAME,
  RECORD_LOGS_FRAME,
  RECORD_RUN_FIELDS,
  type RecordMeta,
  type RecordRun,
} from '../../../shared/recordFrame';
import type { LogRow, RunRecord } from '../../types';
import { logsFrame } from './logsFrame';
import { toTime } from './runsFrame';

export interface RecordResult {
  meta: RecordMeta;
  run?: RunRecord;
  logs: LogRow[];
}

/** The run as the record frame holds it: times in epoch ms, input and output as sent. */
function recordRun(r: RunRecord): RecordRun {
  return {
    ...r,
    executed_on: toTime(r.executed_on),
    finished_at: toTime(r.finished_at),
    input: r.input,
    output: r.output,
  };
}

/** Frame `record` (one row: the run with input and output; meta.custom = RecordMeta) and `record_logs`. */
export function recordFrames(refId: string, result: RecordResult): DataFrame[] {
  const runs = result.run ? [recordRun(result.run)] : [];
  const record = createDataFrame({
    refId,
    name: RECORD_FRAME,
    meta: { custom: { ...result.meta } },
    fields: (Object.keys(RECORD_RUN_FIELDS) as Array<keyof RecordRun>).map((name) => ({
      name,
      type: RECORD_RUN_FIELDS[name],
      values: runs.map((r) => r[name]),
      ...(name === 'response_time_ms' ? { config: { unit: 'ms' } } : {}),
    })),
  });
  const logs = logsFrame(refId, result.logs);
  logs.name = RECORD_LOGS_FRAME;
  return [record, logs];
}
