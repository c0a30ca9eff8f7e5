/**
 * The column model of runs and logs: which columns exist, which can be filtered (and how),
 * sorted, searched by free text, or listed as distinct values. The backend validates and
 * builds its Elasticsearch queries from it, the OpenAPI document lists it, the query editor
 * offers it: adding a column or a sort order is one entry here.
 *
 * Plain constants, no validation library: the plugin bundle imports this module as it is.
 */
import { LOG_LEVEL_OPTIONS, RUN_STATUS_OPTIONS, SOURCE_TYPE_OPTIONS, type Option } from './enums';

/** keyword: exact or substring; number: comparisons; text: words (log message, error). */
export type FilterKind = 'keyword' | 'number' | 'text';
/** Dates are the time range of a selection, never a filter condition. */
export type ColumnKind = FilterKind | 'date';

export const FILTER_OPS = ['is', 'is_not', 'contains', 'gt', 'lt', 'between'] as const;
export type FilterOp = (typeof FILTER_OPS)[number];

/** Operators each kind of column accepts. */
export const OPS_BY_KIND: Record<FilterKind, readonly FilterOp[]> = {
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

/** How many values an operator takes: null = one or more. */
export function arity(op: FilterOp): number | null {
  if (op === 'between') {
    return 2;
  }
  return op === 'is' || op === 'is_not' ? null : 1;
}

export interface Column {
  name: string;
  label: string;
  kind: ColumnKind;
  /** Allowed values with their labels and colours, when the column is an enumeration. */
  options?: Option[];
  /** A filter condition can name it (SPEC "Filters": every column but the time column). */
  filter?: boolean;
  /** Lists can be sorted by it. */
  sort?: boolean;
  /** Part of the free-text search box. */
  freeText?: boolean;
  /** GET /api/v1/runs/values lists its distinct values (template variables). */
  distinct?: boolean;
}

/** Run columns, in the order the editor offers them; the first sortable one is the default sort. */
export const RUN_COLUMNS = [
  { name: 'executed_on', label: 'Executed on', kind: 'date', sort: true },
  { name: 'run_id', label: 'Run ID', kind: 'keyword', filter: true, sort: true, freeText: true },
  {
    name: 'status',
    label: 'Status',
    kind: 'keyword',
    options: RUN_STATUS_OPTIONS,
    filter: true,
    sort: true,
    distinct: true,
  },
  { name: 'deployment_version', label: 'Deployment version', kind: 'number', filter: true, sort: true, distinct: true },
  { name: 'response_time_ms', label: 'Response time (ms)', kind: 'number', filter: true, sort: true },
  { name: 'function', label: 'Function', kind: 'keyword', filter: true, sort: true, freeText: true, distinct: true },
  {
    name: 'source_type',
    label: 'Source type',
    kind: 'keyword',
    options: SOURCE_TYPE_OPTIONS,
    filter: true,
    sort: true,
    distinct: true,
  },
  { name: 'source', label: 'Source', kind: 'keyword', filter: true, sort: true, freeText: true, distinct: true },
  { name: 'error', label: 'Error', kind: 'text', filter: true, freeText: true },
  { name: 'script', label: 'Script', kind: 'keyword', sort: true, distinct: true },
  { name: 'finished_at', label: 'Finished at', kind: 'date', sort: true },
] as const satisfies readonly Column[];

/** Log columns, in the order the editor offers them; the first sortable one is the default sort. */
export const LOG_COLUMNS = [
  { name: 'timestamp', label: 'Timestamp', kind: 'date', sort: true },
  { name: 'log_id', label: 'Log ID', kind: 'keyword', filter: true, sort: true, freeText: true },
  { name: 'level', label: 'Log level', kind: 'keyword', options: LOG_LEVEL_OPTIONS, filter: true, sort: true },
  { name: 'message', label: 'Log message', kind: 'text', filter: true, freeText: true },
  { name: 'run_id', label: 'Run ID', kind: 'keyword', filter: true, sort: true, freeText: true },
] as const satisfies readonly Column[];

type Named<C, Flag extends string> = C extends { name: infer N } & Record<Flag, true> ? N : never;
type Names<Cs extends readonly Column[], Flag extends string> = Named<Cs[number], Flag>;

export type RunSort = Names<typeof RUN_COLUMNS, 'sort'>;
export type LogSort = Names<typeof LOG_COLUMNS, 'sort'>;
export type RunFilterField = Names<typeof RUN_COLUMNS, 'filter'>;
export type LogFilterField = Names<typeof LOG_COLUMNS, 'filter'>;
export type RunDistinctField = Names<typeof RUN_COLUMNS, 'distinct'>;

/** A column that filter conditions can name: never a date. */
export type FilterColumn = Column & { kind: FilterKind; filter: true };

const namesWith = <F extends 'sort' | 'distinct'>(columns: readonly Column[], flag: F) =>
  columns.filter((c) => c[flag]).map((c) => c.name);

export const RUN_SORTS = namesWith(RUN_COLUMNS, 'sort') as [RunSort, ...RunSort[]];
export const LOG_SORTS = namesWith(LOG_COLUMNS, 'sort') as [LogSort, ...LogSort[]];
export const RUN_DISTINCT_FIELDS = namesWith(RUN_COLUMNS, 'distinct') as [RunDistinctField, ...RunDistinctField[]];

export const filterColumns = (columns: readonly Column[]): FilterColumn[] =>
  columns.filter((c): c is FilterColumn => c.filter === true && c.kind !== 'date');

export const RUN_FILTER_COLUMNS = filterColumns(RUN_COLUMNS);
export const LOG_FILTER_COLUMNS = filterColumns(LOG_COLUMNS);

const byName = (columns: FilterColumn[]): Record<string, FilterColumn> =>
  Object.fromEntries(columns.map((c) => [c.name, c]));

/** The filterable columns by name, as the backend looks them up. */
export const RUN_FILTER_FIELDS = byName(RUN_FILTER_COLUMNS);
export const LOG_FILTER_FIELDS = byName(LOG_FILTER_COLUMNS);

/** The allowed values of an enumerated column. */
export const valuesOf = (column: Column): string[] | undefined => column.options?.map((o) => o.value);
