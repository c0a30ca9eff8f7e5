import { isoOf, LOG_COLUMNS, RUN_COLUMNS } from '@runlens/contract';

/**
 * The columns of the exported CSV files: the runs and logs tables' columns, in the tables'
 * order, headed by the contract's column labels (one vocabulary with the query editor). Runs also carry their input and output, as
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
// Dates are stored as toISOString gives them; isoOf keeps those as they are (no parse per cell).
const date =
  (key: string) =>
  (doc: Doc): Cell => {
    const v = doc[key];
    return typeof v === 'string' || typeof v === 'number' ? isoOf(v) : null;
  };
const json =
  (key: string) =>
  (doc: Doc): Cell => {
    const v = doc[key];
    return v === undefined || v === null ? null : JSON.stringify(v);
  };

const LABELS: Record<string, string> = Object.fromEntries(
  [...RUN_COLUMNS, ...LOG_COLUMNS].map((c) => [c.name, c.label])
);
/** Columns the contract's model has no entry for (not filterable nor sortable). */
const OTHER_LABELS: Record<string, string> = {
  trace_id: 'Trace ID',
  input: 'Input',
  output: 'Output',
};

const col = (key: string, cell: (key: string) => (doc: Doc) => Cell = text): Column => ({
  key,
  header: LABELS[key] ?? OTHER_LABELS[key] ?? key,
  cell: cell(key),
});

export const COLUMNS: Record<ExportKind, Column[]> = {
  runs: [
    col('run_id'),
    col('status'),
    col('deployment_version', num),
    col('response_time_ms', num),
    col('function'),
    col('executed_on', date),
    col('source_type'),
    col('source'),
    col('script'),
    col('finished_at', date),
    col('error'),
    col('trace_id'),
    col('input', json),
    col('output', json),
  ],
  logs: [
    col('timestamp', date),
    col('message'),
    col('level'),
    col('log_id'),
    col('run_id'),
    col('script'),
    col('function'),
    col('deployment_version', num),
    col('source'),
    col('trace_id'),
  ],
};

/** One CSV record of a stored document (the writer's CSV library neutralises formulas). */
export function recordOf(kind: ExportKind, doc: Doc): Cell[] {
  return COLUMNS[kind].map((c) => c.cell(doc));
}
