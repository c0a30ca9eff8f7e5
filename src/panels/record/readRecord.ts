import type { DataFrame } from '@grafana/data';
import { RECORD_FRAME, RECORD_LOGS_FRAME, type RecordMeta } from '../../datasource/data/frames/recordFrame';

export interface RecordRun {
  run_id: string;
  script: string;
  function: string;
  status: string;
  deployment_version: number | null;
  response_time_ms: number | null;
  executed_on: number | null;
  finished_at: number | null;
  source_type: string;
  source: string;
  error: string | null;
  trace_id: string | null;
  input: unknown;
  output: unknown;
}

export interface RecordLog {
  log_id: string;
  level: string;
  message: string;
  timestamp: number | null;
}

export interface RecordView {
  meta: RecordMeta;
  run?: RecordRun;
  logs: RecordLog[];
}

function row(frame: DataFrame | undefined, i: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  frame?.fields.forEach((f) => (out[f.name] = f.values[i]));
  return out;
}

/** The record query's frames (see recordFrame.ts) back into a run, its logs and the navigation. */
export function readRecord(series: DataFrame[]): RecordView | undefined {
  const record = series.find((f) => f.name === RECORD_FRAME);
  if (!record) {
    return undefined;
  }
  const meta = (record.meta?.custom ?? { state: 'not_found', prevRunId: null, nextRunId: null }) as RecordMeta;
  const logsFrame = series.find((f) => f.name === RECORD_LOGS_FRAME);
  const logs: RecordLog[] = [];
  for (let i = 0; i < (logsFrame?.length ?? 0); i++) {
    const r = row(logsFrame, i);
    logs.push({
      log_id: String(r.log_id ?? ''),
      // The level as recorded (stdout, stderr, …); `level` holds the severity Explore reads.
      level: String(r.log_level ?? r.level ?? ''),
      message: String(r.message ?? ''),
      timestamp: (r.timestamp as number | null) ?? null,
    });
  }
  const run = record.length > 0 ? (row(record, 0) as unknown as RecordRun) : undefined;
  return { meta, run, logs };
}
