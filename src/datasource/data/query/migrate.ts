import type { DataQuery } from '@grafana/schema';
import { queryTypeOf, type RunLensQuery } from '../queryTypes/registry';
import type { FilterCondition, Match } from './model';
import { defined, text, texts, type Stored } from './stored';

type KeysOfAny<U> = U extends unknown ? keyof U : never;
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** Every field of every query type, each optional and typed: how tests and type switches see a query. */
export type FlatQuery = DataQuery & Partial<UnionToIntersection<OwnFields<RunLensQuery>>>;
type OwnFields<U> = U extends unknown ? Omit<U, keyof DataQuery> : never;

/**
 * A query as a dashboard holds it: any field of any query type, none of them checked. The plugin
 * has always stored this flat shape, so every stored query reads through migrateQuery.
 */
export type StoredQuery = DataQuery & { [K in KeysOfAny<RunLensQuery>]?: unknown };

const match = (v: unknown): Match | undefined => (v === 'all' || v === 'any' ? v : undefined);

/** Filter rows as the editor keeps them: incomplete rows stay (the editor shows them), values as text. */
function filters(v: unknown): FilterCondition[] | undefined {
  if (!Array.isArray(v)) {
    return undefined;
  }
  return v
    .filter((c): c is Stored => typeof c === 'object' && c !== null)
    .map((c) => ({
      field: text(c.field) ?? '',
      op: (text(c.op) ?? '') as FilterCondition['op'],
      values: texts(c.values) ?? [],
    }));
}

/**
 * A stored query in the query model: no queryType reads as runs (the first query type, and what
 * the plugin did before it had others), the selection checked, the type's own fields checked by its
 * registry entry. Every other key is kept, so that switching the query type back and forth loses
 * nothing and Grafana's own keys (datasource, hide, key) stay. Idempotent: a query in the model
 * comes back equal. A query type this version does not know is kept as it is (the query then
 * answers with an error saying so).
 */
export function migrateQuery(stored: StoredQuery | FlatQuery | RunLensQuery): RunLensQuery {
  const s = (stored ?? { refId: 'A' }) as unknown as Stored;
  const queryType = text(s.queryType) || 'runs';
  const definition = queryTypeOf(queryType);
  return defined({
    ...s,
    queryType,
    scripts: texts(s.scripts),
    filters: filters(s.filters),
    match: match(s.match),
    q: text(s.q),
    ...(definition?.migrate(s) ?? {}),
  }) as RunLensQuery;
}
