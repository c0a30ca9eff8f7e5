import type { FilterOp } from './query/model';
import type { Columns } from './queryTypes/definition';

/** keyword: exact or substring; number: comparisons; text: words (log message, error). */
export type FieldKind = 'keyword' | 'number' | 'text';

export interface FilterField {
  name: string;
  label: string;
  kind: FieldKind;
  /** Allowed values of an enumerated column. */
  options?: Array<{ value: string; label: string }>;
}

export const RUN_STATUSES = [
  { value: 'success', label: 'Success' },
  { value: 'failed', label: 'Failed' },
  { value: 'in_progress', label: 'In Progress' },
];
export const SOURCE_TYPES = [
  { value: 'tool', label: 'Tool' },
  { value: 'api', label: 'API' },
];
export const LOG_LEVELS = [
  { value: 'stdout', label: 'Stdout' },
  { value: 'stderr', label: 'Stderr' },
  { value: 'info', label: 'Info' },
  { value: 'debug', label: 'Debug' },
  { value: 'warning', label: 'Warning' },
  { value: 'error', label: 'Error' },
];

/** Every run column but Executed On (SPEC "Filters"). */
export const RUN_FIELDS: FilterField[] = [
  { name: 'run_id', label: 'Run ID', kind: 'keyword' },
  { name: 'status', label: 'Status', kind: 'keyword', options: RUN_STATUSES },
  { name: 'deployment_version', label: 'Deployment version', kind: 'number' },
  { name: 'response_time_ms', label: 'Response time (ms)', kind: 'number' },
  { name: 'function', label: 'Function', kind: 'keyword' },
  { name: 'source_type', label: 'Source type', kind: 'keyword', options: SOURCE_TYPES },
  { name: 'source', label: 'Source', kind: 'keyword' },
  { name: 'error', label: 'Error', kind: 'text' },
];

/** Every log column but Timestamp. */
export const LOG_FIELDS: FilterField[] = [
  { name: 'log_id', label: 'Log ID', kind: 'keyword' },
  { name: 'level', label: 'Log level', kind: 'keyword', options: LOG_LEVELS },
  { name: 'message', label: 'Log message', kind: 'text' },
  { name: 'run_id', label: 'Run ID', kind: 'keyword' },
];

export const OPS_BY_KIND: Record<FieldKind, FilterOp[]> = {
  keyword: ['is', 'is_not', 'contains'],
  number: ['is', 'is_not', 'gt', 'lt', 'between'],
  text: ['is', 'is_not', 'contains'],
};

export const OP_LABELS: Record<FilterOp, string> = {
  is: 'is',
  is_not: 'is not',
  contains: 'contains',
  gt: '>',
  lt: '<',
  between: 'between',
};

/** The filterable columns of a query type's columns: log columns, run columns, or none. */
export function fieldsOf(columns: Columns): FilterField[] {
  return columns === 'logs' ? LOG_FIELDS : columns === 'runs' ? RUN_FIELDS : [];
}

export function findField(columns: Columns, name: string): FilterField | undefined {
  return fieldsOf(columns).find((f) => f.name === name);
}

/** How many values an operator takes: null = one or more. */
export function arity(op: FilterOp): number | null {
  if (op === 'between') {
    return 2;
  }
  return op === 'is' || op === 'is_not' ? null : 1;
}

/** Columns the runs list sorts by; the first is the default. */
export const RUN_SORTS = [
  'executed_on',
  'run_id',
  'status',
  'deployment_version',
  'response_time_ms',
  'function',
  'source_type',
  'source',
  'script',
  'finished_at',
];
/** Columns the logs list sorts by; the first is the default. */
export const LOG_SORTS = ['timestamp', 'level', 'log_id', 'run_id'];
