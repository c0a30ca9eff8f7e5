import {
  arity,
  LOG_FILTER_COLUMNS,
  OP_LABELS,
  OPS_BY_KIND,
  RUN_FILTER_COLUMNS,
  type FilterColumn,
  type FilterKind,
} from '@runlens/contract/columns';
import { LOG_LEVEL_OPTIONS, RUN_STATUS_OPTIONS, SOURCE_TYPE_OPTIONS } from '@runlens/contract/enums';
import type { Columns } from './queryTypes/definition';

/**
 * The query editor's view of the contract's column model (contract/src/columns.ts): the
 * filterable columns of runs and logs, their operators and values. Nothing is restated here.
 */
export type FieldKind = FilterKind;
export type FilterField = FilterColumn;

export { arity, OP_LABELS, OPS_BY_KIND };
export const RUN_STATUSES = RUN_STATUS_OPTIONS;
export const SOURCE_TYPES = SOURCE_TYPE_OPTIONS;
export const LOG_LEVELS = LOG_LEVEL_OPTIONS;

/** Every run column but Executed On (SPEC "Filters"). */
export const RUN_FIELDS: FilterField[] = RUN_FILTER_COLUMNS;
/** Every log column but Timestamp. */
export const LOG_FIELDS: FilterField[] = LOG_FILTER_COLUMNS;

/** Sortable columns (the first is the default), from the contract's column model. */
export { LOG_SORTS, RUN_SORTS } from '@runlens/contract/columns';

/** The filterable columns of a query type's columns (its registry entry's): log columns, run columns, or none. */
export function fieldsOf(columns: Columns): FilterField[] {
  return columns === 'logs' ? LOG_FIELDS : columns === 'runs' ? RUN_FIELDS : [];
}

export function findField(columns: Columns, name: string): FilterField | undefined {
  return fieldsOf(columns).find((f) => f.name === name);
}
