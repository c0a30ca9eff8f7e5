/**
 * The columns of the exported CSV files: the runs and logs tables' columns, in the tables'
 * order, with their display names as the header. Runs also carry their input and output, as
 * JSON text. Dates are ISO-8601 UTC; numbers stay numbers; an empty cell is an absent value.
 */
export type ExportKind = 'runs' | 'logs';

type Cell = string | number | null;
type Doc = Record<string, unknown>;

export interface Column {
  key: string;
  header: string;
  cell(doc: Doc): Cell;
}

const text =
  (key: string) =>
  (doc: Doc): Cell => {
    const v = doc[key];
    return v === undefined || v === null ? null : String(v);
  };
const num =
  (key: string) =>
  (doc: Doc): Cell => {
    const v = doc[key];
    return typeof v === 'number' ? v : null;
  };
const date =
  (key: string) =>
  (doc: Doc): Cell => {
    const v = doc[key];
    return typeof v === 'string' || typeof v === 'number' ? new Date(v).toISOString() : null;
  };
const json =
  (key: string) =>
  (doc: Doc): Cell => {
    const v = doc[key];
    return v === undefined || v === null ? null : JSON.stringify(v);
  };

const col = (key: string, header: string, cell: (key: string) => (doc: Doc) => Cell = text): Column => ({
  key,
  header,
  cell: cell(key),
});

export const COLUMNS: Record<ExportKind, Column[]> = {
  runs: [
    col('run_id', 'Run ID'),
    col('status', 'Status'),
    col('deployment_version', 'Deployment Version', num),
    col('response_time_ms', 'Response Time (ms)', num),
    col('function', 'Function'),
    col('executed_on', 'Executed On', date),
    col('source_type', 'Source Type'),
    col('source', 'Source'),
    col('script', 'Script'),
    col('finished_at', 'Finished At', date),
    col('error', 'Error'),
    col('trace_id', 'Trace ID'),
    col('input', 'Input', json),
    col('output', 'Output', json),
  ],
  logs: [
    col('timestamp', 'Timestamp', date),
    col('message', 'Log Message'),
    col('level', 'Log Level'),
    col('log_id', 'Log ID'),
    col('run_id', 'Run ID'),
    col('script', 'Script'),
    col('function', 'Function'),
    col('deployment_version', 'Deployment Version', num),
    col('source', 'Source'),
    col('trace_id', 'Trace ID'),
  ],
};

/** The stored fields each kind's rows are read from. */
export const sourceFields = (kind: ExportKind) => COLUMNS[kind].map((c) => c.key);

/** One CSV record of a stored document (the writer's CSV library neutralises formulas). */
export function recordOf(kind: ExportKind, doc: Doc): Cell[] {
  return COLUMNS[kind].map((c) => c.cell(doc));
}
