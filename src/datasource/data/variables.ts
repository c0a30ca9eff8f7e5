import type { MetricFindValue } from '@grafana/data';
import type { RunLensVariableQuery, VariableKind } from '../types';
import type { RunLensApi } from './api';
import type { TimeRangeMs } from './queryTypes/definition';

const FIELD_OF: Record<Exclude<VariableKind, 'scripts'>, string> = {
  functions: 'function',
  sources: 'source',
  versions: 'deployment_version',
};

/** Values of a template variable: script names, or the functions/sources/versions seen in range. */
export async function findVariableValues(
  api: RunLensApi,
  query: RunLensVariableQuery,
  scripts: string[],
  range?: TimeRangeMs
): Promise<MetricFindValue[]> {
  if (query.kind === 'scripts') {
    const res = await api.scripts();
    return res.scripts.map((s) => ({ text: s.script, value: s.script }));
  }
  const field = FIELD_OF[query.kind];
  if (!field) {
    throw new Error(`Unknown variable kind "${query.kind}": use scripts, functions, sources or versions.`);
  }
  return fieldValues(api, field, scripts, range);
}

/** GET /api/v1/runs/values for one field (also used by ad hoc filters). */
export async function fieldValues(
  api: RunLensApi,
  field: string,
  scripts: string[],
  range?: TimeRangeMs
): Promise<MetricFindValue[]> {
  const params = new URLSearchParams({ field });
  scripts.forEach((s) => params.append('script', s));
  if (range) {
    params.set('from', String(range.from));
    params.set('to', String(range.to));
  }
  const res = await api.values(params);
  return res.values.map((v) => ({ text: String(v.value), value: v.value }));
}

/** Accepts the query model's object, or a bare kind name typed by hand. */
export function parseVariableQuery(query: unknown): RunLensVariableQuery {
  if (typeof query === 'string') {
    const kind = query.trim() || 'scripts';
    return { kind: kind as VariableKind };
  }
  const q = (query ?? {}) as Partial<RunLensVariableQuery>;
  return { ...q, kind: q.kind ?? 'scripts', scripts: q.scripts ?? [] };
}
