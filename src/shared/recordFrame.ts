import { FieldType, type DataFrame } from '@grafana/data';

/**
 * The record-frame contract between the data source (which writes a Record query's answer) and the
 * record view panel (which reads it): frame names, the run's fields, the logs' fields and the meta.
 * Both import this module; neither reaches into the other.
 */
export const RECORD_FRAME = 'record';
export const RECORD_LOGS_FRAME = 'record_logs';

/**
 * Why a record view shows what it shows. `ok`: a run; otherwise an empty state:
 * no script deployed, deployed but never run, no run in the range/filters, run not found.
 */
export type RecordState = 'ok' | 'no_script' | 'never_run' | 'no_runs' | 'not_found';

/** The record frame's meta.custom. */
export interface RecordMeta {
  state: RecordState;
  /** The run asked for (not_found) or shown (ok). */
  runId?: string;
  prevRunId: string | null;
  nextRunId: string | null;
  /** How many log lines the run has; the record carries the first ones. */
  logsTotal?: number;
}

/** The one row of the record frame: the run with its input and output, times in epoch ms. */
export interface RecordRun {
  run_id: string;
  /** Null while only the finish of a run has arrived (the start fills them in). */
  script: string | null;
  function: string | null;
  status: string;
  deployment_version: number | null;
  response_time_ms: number | null;
  executed_on: number | null;
  finished_at: number | null;
  source_type: string | null;
  source: string | null;
  error: string | null;
  trace_id: string | null;
  input: unknown;
  output: unknown;
}

/** The record frame's fields, in order, with their types: the writer builds exactly these. */
export const RECORD_RUN_FIELDS: { [K in keyof RecordRun]: FieldType } = {
  run_id: FieldType.string,
  script: FieldType.string,
  function: FieldType.string,
  status: FieldType.string,
  deployment_version: FieldType.number,
  response_time_ms: FieldType.number,
  executed_on: FieldType.time,
  finished_at: FieldType.time,
  source_type: FieldType.string,
  source: FieldType.string,
  error: FieldType.string,
  trace_id: FieldType.string,
  input: FieldType.other,
  output: FieldType.other,
};

/**
 * A line of the record_logs frame (a logs frame: `log_level` is the level as recorded, `level` the
 * severity Explore reads).
 */
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

/** The record query's frames back into a run, its logs and the navigation; undefined: no record frame. */
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

/** The status of the run a record frame holds (live updates poll while it is in progress). */
export function recordStatus(frame: DataFrame): string | undefined {
  if (frame.name !== RECORD_FRAME || !frame.fields) {
    return undefined;
  }
  return frame.fields.find((f) => f.name === 'status')?.values[0];
}
