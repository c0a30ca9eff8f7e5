import type { AdHocVariableFilter } from '@grafana/data';
import { findField } from './fields';
import type { FilterCondition, FilterOp } from './query/model';
import type { Columns } from './queryTypes/definition';

const OPERATORS: Record<string, FilterOp> = {
  '=': 'is',
  '!=': 'is_not',
  '=~': 'contains',
  '=|': 'is',
  '!=|': 'is_not',
  '>': 'gt',
  '<': 'lt',
};

/**
 * Frame columns that stand for a filterable column under another name: the logs frame's `log_level`
 * is the level as recorded (its `level` is the severity Grafana reads), so "filter for value" on it
 * filters the level.
 */
const KEY_ALIASES: Record<string, string> = { log_level: 'level' };

/** Operators offered by the ad hoc filter variable, in Grafana's notation. */
export const ADHOC_OPERATORS = Object.keys(OPERATORS);

export interface AdhocResult {
  conditions: FilterCondition[];
  /** Columns of the other table (a log column on a runs query): expected on a mixed dashboard. */
  ignored: string[];
  /** Operators RunLens cannot apply to the column (regex exclusion, < on text), as `key operator value`. */
  unsupported: string[];
}

/**
 * Turns Grafana's ad hoc filters into backend conditions for a query type's columns. A dashboard's ad
 * hoc variable applies to every panel, so a log-only column on a runs panel is left out, not an error.
 */
export function adhocToConditions(filters: AdHocVariableFilter[] | undefined, columns: Columns): AdhocResult {
  const result: AdhocResult = { conditions: [], ignored: [], unsupported: [] };
  for (const f of filters ?? []) {
    const op = OPERATORS[f.operator];
    const key = KEY_ALIASES[f.key] ?? f.key;
    const field = findField(columns, key);
    const values = (f.values?.length ? f.values : [f.value]).filter((v) => v !== undefined && v !== '');
    const text = `${f.key} ${f.operator} ${values.join('|')}`;
    if (!field) {
      result.ignored.push(text);
      continue;
    }
    if (!op || ((op === 'gt' || op === 'lt') && field.kind !== 'number')) {
      result.unsupported.push(text);
      continue;
    }
    if (values.length === 0) {
      continue;
    }
    result.conditions.push({ field: key, op, values: op === 'is' || op === 'is_not' ? values : values.slice(0, 1) });
  }
  return result;
}
