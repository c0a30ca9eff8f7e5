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
import type { QueryType } from '../types';

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

/** Query types that read log lines (the logs list and its volume): they take the log columns. */
export function isLogQuery(queryType: QueryType | undefined): boolean {
  return queryType === 'logs' || queryType === 'logVolume';
}

/** Fields a query type can filter on: logs and log volume filter log columns, everything else run columns. */
export function fieldsFor(queryType: QueryType | undefined): FilterField[] {
  return isLogQuery(queryType) ? LOG_FIELDS : RUN_FIELDS;
}

export function findField(queryType: QueryType | undefined, name: string): FilterField | undefined {
  return fieldsFor(queryType).find((f) => f.name === name);
}
