import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { adhocToConditions } from './adhoc';
import { arity } from './fields';
import type { FilterCondition } from './query/model';
import { migrateQuery, type StoredQuery } from './query/migrate';
import type { Resolved, TemplateVars } from './queryTypes/definition';
import { queryTypeOf, type RunLensQuery } from './queryTypes/registry';

/** A query with every `$variable` applied and ad hoc filters merged: what the requests are built from. */
export type ResolvedQuery = Resolved<RunLensQuery>;

const SEP = '\u001f';
const joinMulti = (value: unknown) => (Array.isArray(value) ? value.join(SEP) : String(value ?? ''));

/** Interpolates one text; a multi-value variable expands to several values. */
export function expandValues(templateSrv: TemplateSrv, text: string, scopedVars: ScopedVars): string[] {
  return templateSrv
    .replace(text, scopedVars, joinMulti)
    .split(SEP)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const ALL = '$__all';

/**
 * `$var` (or `${var}`, `${var:fmt}`, `[[var]]`) set to "All": the query must not filter on it at all.
 * Expanding All into every option would be slower and wrong for values outside the option list.
 */
export function isAllSelected(templateSrv: TemplateSrv, text: string, scopedVars: ScopedVars): boolean {
  const m = /^\s*(?:\$(\w+)|\$\{(\w+)(?::[^}]*)?\}|\[\[(\w+)\]\])\s*$/.exec(text);
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  if (!name || scopedVars[name]) {
    return false;
  }
  const variable = templateSrv.getVariables().find((v) => v.name === name) as
    { current?: { value?: unknown } } | undefined;
  const value = variable?.current?.value;
  return value === ALL || (Array.isArray(value) && value.includes(ALL));
}

function resolveConditions(templateSrv: TemplateSrv, query: RunLensQuery, scopedVars: ScopedVars): FilterCondition[] {
  const out: FilterCondition[] = [];
  for (const c of query.filters ?? []) {
    if (!c.field || !c.op) {
      continue;
    }
    if ((c.op === 'is' || c.op === 'is_not') && c.values.some((v) => isAllSelected(templateSrv, v, scopedVars))) {
      // "is All" filters nothing; "is not All" would exclude everything, which no one means: skip both.
      continue;
    }
    const values = c.values.flatMap((v) => expandValues(templateSrv, v, scopedVars));
    const n = arity(c.op);
    // An incomplete row (no value yet, or a variable that expanded to nothing) filters nothing.
    if (values.length === 0 || (n !== null && values.length < n)) {
      continue;
    }
    out.push({ field: c.field, op: c.op, values: n === null ? values : values.slice(0, n) });
  }
  return out;
}

/**
 * A stored query, migrated, with its selection resolved (scripts, filters with the ad hoc ones
 * merged, search) and then its type's own fields (the registry entry's `resolve`). Throws for a
 * query type this version does not know.
 */
export function resolveQuery(
  templateSrv: TemplateSrv,
  stored: StoredQuery | RunLensQuery,
  scopedVars: ScopedVars,
  adhoc?: AdHocVariableFilter[]
): ResolvedQuery {
  const query = migrateQuery(stored);
  const definition = queryTypeOf(query.queryType);
  if (!definition) {
    throw new Error(`Unknown query type "${String(query.queryType)}"`);
  }
  const notices: string[] = [];
  // Types without columns (deployment markers) take scripts and the range only: no filters, no ad hoc filters.
  const columns = definition.columns;
  let filters = columns === 'none' ? [] : resolveConditions(templateSrv, query, scopedVars);
  let match = query.match ?? 'all';

  const fromAdhoc = adhocToConditions(columns === 'none' ? [] : adhoc, columns);
  if (fromAdhoc.unsupported.length > 0) {
    notices.push(`Ad hoc filters not applied (operator not supported here): ${fromAdhoc.unsupported.join(', ')}`);
  }
  if (fromAdhoc.conditions.length > 0) {
    if (match === 'any' && filters.length > 1) {
      notices.push(
        `Ad hoc filters were not applied: this query combines its filters with OR, and AND and OR are never mixed.`
      );
    } else {
      filters = [...filters, ...fromAdhoc.conditions];
      match = 'all';
    }
  }

  const resolved = {
    ...query,
    scripts: (query.scripts ?? []).some((s) => isAllSelected(templateSrv, s, scopedVars))
      ? []
      : (query.scripts ?? []).flatMap((s) => expandValues(templateSrv, s, scopedVars)).filter(isResolved),
    filters,
    match,
    q: expandValues(templateSrv, query.q ?? '', scopedVars).join(' '),
    notices,
  } as ResolvedQuery;
  const vars: TemplateVars = {
    replace: (text) => templateSrv.replace(text, scopedVars),
    values: (text) => expandValues(templateSrv, text, scopedVars).filter(isResolved),
  };
  return definition.resolve ? (definition.resolve(resolved as never, vars) as ResolvedQuery) : resolved;
}

/** A `$var` / `${var}` left as it was: the variable does not exist here (e.g. in Explore). */
function isResolved(value: string) {
  return !/^\$(\w+|\{[^}]+\})$/.test(value);
}
