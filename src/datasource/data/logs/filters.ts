import type { QueryFilterOptions, QueryFixAction, ToggleFilterAction } from '@grafana/data';
import type { FilterCondition } from '../query/model';
import type { RunLensQuery } from '../queryTypes/registry';

/**
 * Filter for / filter out a value from Explore's log details (toggleQueryFilter, queryHasFilter)
 * and the older query-modification actions (modifyQuery). Log details name a label of the line;
 * it becomes a condition on the backend column it comes from, joined with AND like the Filters bar.
 */

/** Log label (frame field or `labels` key) -> the logs column it filters; `script` is the selection. */
const COLUMN_OF: Record<string, string> = {
  log_level: 'level',
  level: 'level',
  run_id: 'run_id',
  log_id: 'log_id',
  message: 'message',
};

type Mode = 'is' | 'is_not';

const same = (f: FilterCondition, column: string, value: string) =>
  f.field === column && f.values.length === 1 && f.values[0] === value;

function isLogs(query: RunLensQuery): boolean {
  return query.queryType === 'logs' || query.queryType === 'logVolume';
}

/** The query with exactly one `mode` condition column = value (the opposite one removed). */
function setFilter(query: RunLensQuery, key: string, value: string, mode: Mode): RunLensQuery {
  if (key === 'script') {
    // The script is the query's selection: "for" narrows to it; "out" has no condition to take.
    return mode === 'is' ? { ...query, scripts: [value] } : query;
  }
  const column = COLUMN_OF[key];
  if (!column || !isLogs(query)) {
    return query;
  }
  const others = (query.filters ?? []).filter((f) => !((f.op === 'is' || f.op === 'is_not') && same(f, column, value)));
  return {
    ...query,
    match: others.length ? (query.match ?? 'all') : 'all',
    filters: [...others, { field: column, op: mode, values: [value] }],
  };
}

function removeFilter(query: RunLensQuery, key: string, value: string, mode: Mode): RunLensQuery {
  if (key === 'script') {
    return mode === 'is' ? { ...query, scripts: (query.scripts ?? []).filter((s) => s !== value) } : query;
  }
  const column = COLUMN_OF[key];
  return { ...query, filters: (query.filters ?? []).filter((f) => !(f.op === mode && same(f, column ?? '', value))) };
}

export function queryHasFilter(query: RunLensQuery, filter: QueryFilterOptions): boolean {
  return hasMode(query, filter.key, filter.value, 'is');
}

function hasMode(query: RunLensQuery, key: string, value: string, mode: Mode): boolean {
  if (key === 'script') {
    return mode === 'is' && (query.scripts ?? []).length === 1 && query.scripts![0] === value;
  }
  const column = COLUMN_OF[key];
  return Boolean(column) && (query.filters ?? []).some((f) => f.op === mode && same(f, column!, value));
}

/** Filter for / out: a second click on the same button removes the condition again. */
export function toggleQueryFilter(query: RunLensQuery, action: ToggleFilterAction): RunLensQuery {
  const { key, value } = action.options;
  const mode: Mode = action.type === 'FILTER_FOR' ? 'is' : 'is_not';
  return hasMode(query, key, value, mode) ? removeFilter(query, key, value, mode) : setFilter(query, key, value, mode);
}

export const SUPPORTED_MODIFICATIONS = ['ADD_FILTER', 'ADD_FILTER_OUT', 'ADD_STRING_FILTER'];

export function modifyQuery(query: RunLensQuery, action: QueryFixAction): RunLensQuery {
  const options = action.options ?? {};
  switch (action.type) {
    case 'ADD_FILTER':
      return setFilter(query, options.key, options.value, 'is');
    case 'ADD_FILTER_OUT':
      return setFilter(query, options.key, options.value, 'is_not');
    case 'ADD_STRING_FILTER': {
      // Selected text of a line: lines whose message contains it.
      if (!options.value || !isLogs(query)) {
        return query;
      }
      const filters = (query.filters ?? []).filter((f) => !(f.op === 'contains' && same(f, 'message', options.value)));
      return { ...query, filters: [...filters, { field: 'message', op: 'contains', values: [options.value] }] };
    }
    default:
      return query;
  }
}
