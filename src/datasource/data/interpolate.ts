import type { AdHocVariableFilter, ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';
import { DEFAULT_QUERY, type DeploymentMarkers, type FilterCondition, type RunLensQuery } from '../types';
import { adhocToConditions } from './adhoc';
import { arity } from './fields';

/** A query with every `$variable` applied and ad hoc filters merged: what the requests are built from. */
export interface ResolvedQuery extends Required<Pick<RunLensQuery, 'refId' | 'match' | 'limit' | 'maxRows'>> {
  queryType: NonNullable<RunLensQuery['queryType']>;
  scripts: string[];
  filters: FilterCondition[];
  q: string;
  sort?: string;
  order?: 'asc' | 'desc';
  interval: string;
  runId: string;
  /** IANA time zone of the dashboard: day buckets of time series start at its midnight. */
  timeZone?: string;
  /** Logs: the total only. */
  countOnly: boolean;
  markers: DeploymentMarkers;
  /** Things the user should know about how the query was applied (shown as frame notices). */
  notices: string[];
}

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
    if (
      (c.op === 'is' || c.op === 'is_not') &&
      (c.values ?? []).some((v) => isAllSelected(templateSrv, String(v), scopedVars))
    ) {
      // "is All" filters nothing; "is not All" would exclude everything, which no one means: skip both.
      continue;
    }
    const values = (c.values ?? []).flatMap((v) => expandValues(templateSrv, String(v), scopedVars));
    const n = arity(c.op);
    // An incomplete row (no value yet, or a variable that expanded to nothing) filters nothing.
    if (values.length === 0 || (n !== null && values.length < n)) {
      continue;
    }
    out.push({ field: c.field, op: c.op, values: n === null ? values : values.slice(0, n) });
  }
  return out;
}

export function resolveQuery(
  templateSrv: TemplateSrv,
  query: RunLensQuery,
  scopedVars: ScopedVars,
  adhoc?: AdHocVariableFilter[]
): ResolvedQuery {
  const queryType = query.queryType ?? 'runs';
  const notices: string[] = [];
  // Deployment markers take scripts and the range only: no column filters, no ad hoc filters.
  const markersOnly = queryType === 'deployments';
  let filters = markersOnly ? [] : resolveConditions(templateSrv, { ...query, queryType }, scopedVars);
  let match = query.match ?? 'all';

  const fromAdhoc = adhocToConditions(markersOnly ? [] : adhoc, queryType);
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

  return {
    refId: query.refId,
    queryType,
    scripts: (query.scripts ?? []).some((s) => isAllSelected(templateSrv, s, scopedVars))
      ? []
      : (query.scripts ?? []).flatMap((s) => expandValues(templateSrv, s, scopedVars)).filter(isResolved),
    filters,
    match,
    q: expandValues(templateSrv, query.q ?? '', scopedVars).join(' '),
    sort: query.sort ? templateSrv.replace(query.sort, scopedVars) : undefined,
    order: query.order,
    limit: clamp(query.limit ?? DEFAULT_QUERY.limit!, 1, 1000),
    maxRows: Math.max(1, query.maxRows ?? DEFAULT_QUERY.maxRows!),
    interval: templateSrv.replace(query.interval ?? '', scopedVars).trim(),
    runId: expandValues(templateSrv, query.runId ?? '', scopedVars).filter(isResolved)[0] ?? '',
    countOnly: queryType === 'logs' && query.countOnly === true,
    markers: query.markers ?? 'both',
    notices,
  };
}

/** A `$var` / `${var}` left as it was: the variable does not exist here (e.g. in Explore). */
function isResolved(value: string) {
  return !/^\$(\w+|\{[^}]+\})$/.test(value);
}

function clamp(n: number, min: number, max: number) {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
