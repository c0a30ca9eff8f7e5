import { fieldsOf, type FilterField } from '../fields';
import { byVersion } from './byVersion';
import type { QueryTypeDefinition, Resolved, TimeRangeMs, TypedQuery } from './definition';
import { deployments } from './deployments';
import { logs } from './logs';
import { logVolume } from './logVolume';
import { record } from './record';
import { runs } from './runs';
import { stats } from './stats';
import { timeseries } from './timeseries';

/**
 * The query types of the RunLens data source, in the editor's order. A new query type is one file
 * beside this one (its query, request, frames, options editor, display text: see definition.ts)
 * and one line here.
 */
export const QUERY_TYPES = [runs, stats, timeseries, byVersion, logs, logVolume, record, deployments] as const;

type QueryOf<D> = D extends QueryTypeDefinition<infer Q, any> ? Q : never;

/** The query model shared with the stored dashboards: one member per query type, by `queryType`. */
export type RunLensQuery = QueryOf<(typeof QUERY_TYPES)[number]>;
export type QueryType = RunLensQuery['queryType'];

type DefinitionOf<T> = T extends QueryType
  ? QueryTypeDefinition<Extract<RunLensQuery, { queryType: T }>, any>
  : QueryTypeDefinition<TypedQuery, any> | undefined;

/** The definition of a query type; undefined for a type this version does not know. */
export function queryTypeOf<T extends string | undefined>(type: T): DefinitionOf<T> {
  return QUERY_TYPES.find((t) => t.type === type) as unknown as DefinitionOf<T>;
}

/** Fields a query type can filter on (its columns). */
export function fieldsFor(type: string | undefined): FilterField[] {
  return fieldsOf(queryTypeOf(type)?.columns ?? 'runs');
}

/** Query types that read log lines (the logs list and its volume): they take the log columns. */
export function isLogQuery(type: string | undefined): boolean {
  return queryTypeOf(type)?.columns === 'logs';
}

/** What a new query starts with. */
export const DEFAULT_QUERY: Partial<RunLensQuery> = {
  queryType: 'runs',
  scripts: [],
  filters: [],
  match: 'all',
  q: '',
  limit: 100,
  maxRows: 1000,
};

/** The request of a resolved query (of its first page, for lists), by its query type. */
export function buildRequest(q: Resolved<RunLensQuery>, range: TimeRangeMs, page?: { limit: number; cursor?: string }) {
  return queryTypeOf(q.queryType as QueryType).request(q as never, range, page);
}
