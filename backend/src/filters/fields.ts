/**
 * The filterable columns of runs and logs (SPEC: every column but Executed On / Timestamp)
 * and what each supports. `keyword` matches exactly, `contains` is a case-insensitive
 * substring; `text` (log message) matches words in order for `contains`.
 */
export type FieldKind = 'keyword' | 'number' | 'text';

export interface FieldSpec {
  kind: FieldKind;
  /** Allowed values, when the column is an enumeration. */
  values?: readonly string[];
  /** Stored as an Elasticsearch integer: whole numbers within 32 bits. */
  integer?: boolean;
  /** Part of the free-text search box. */
  freeText?: boolean;
}

export const RUN_STATUSES = ['success', 'failed', 'in_progress'] as const;
export const SOURCE_TYPES = ['tool', 'api'] as const;
export const LOG_LEVELS = ['stdout', 'stderr', 'info', 'debug', 'warning', 'error'] as const;

export const runFields: Record<string, FieldSpec> = {
  run_id: { kind: 'keyword', freeText: true },
  status: { kind: 'keyword', values: RUN_STATUSES },
  deployment_version: { kind: 'number', integer: true },
  response_time_ms: { kind: 'number' },
  function: { kind: 'keyword', freeText: true },
  source_type: { kind: 'keyword', values: SOURCE_TYPES },
  source: { kind: 'keyword', freeText: true },
  error: { kind: 'text', freeText: true },
};

export const logFields: Record<string, FieldSpec> = {
  log_id: { kind: 'keyword', freeText: true },
  level: { kind: 'keyword', values: LOG_LEVELS },
  message: { kind: 'text', freeText: true },
  run_id: { kind: 'keyword', freeText: true },
};

/** Operators each kind accepts. */
export const operatorsFor: Record<FieldKind, readonly string[]> = {
  keyword: ['is', 'is_not', 'contains'],
  number: ['is', 'is_not', 'gt', 'lt', 'between'],
  text: ['is', 'is_not', 'contains'],
};
