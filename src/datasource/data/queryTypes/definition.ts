import type { ComponentType } from 'react';
import type { DataFrame, QueryResultMeta } from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import type { ApiRequest, RunLensApi } from '../api';
import type { FilterCondition, Match, SelectionQuery } from '../query/model';

/** Grafana's time range as epoch milliseconds. */
export interface TimeRangeMs {
  from: number;
  to: number;
}

/** Which columns a query type filters and searches: run columns, log columns, or none (scripts and range only). */
export type Columns = 'runs' | 'logs' | 'none';

/** The selection's own keys (SelectionQuery also has DataQuery's refId, queryType, hide…). */
type SelectionKeys = Exclude<keyof SelectionQuery, keyof DataQuery>;

/** What every query type's query has: its discriminant. */
export interface TypedQuery extends SelectionQuery {
  queryType: string;
}

/** `$variables` of the dashboard, for the fields a query type adds to the selection. */
export interface TemplateVars {
  /** The text with its variables replaced (multi-values comma-joined). */
  replace(text: string): string;
  /** The values a text stands for (a multi-value variable gives several); unresolved `$x` dropped. */
  values(text: string): string[];
}

/**
 * A query as the requests are built from it: the selection resolved, the type's own fields resolved.
 * Distributes over a union of queries (Resolved<RunLensQuery> is a union by queryType).
 */
export type Resolved<Q extends TypedQuery> = Q extends TypedQuery ? ResolvedOf<Q> : never;
type ResolvedOf<Q extends TypedQuery> = Omit<Q, SelectionKeys> & {
  refId: string;
  scripts: string[];
  filters: FilterCondition[];
  match: Match;
  q: string;
  /** IANA time zone of the dashboard: day buckets start at its midnight. */
  timeZone?: string;
  /** Things the user should know about how the query was applied (shown as frame notices). */
  notices: string[];
};

export interface RunContext<Q extends TypedQuery> {
  api: RunLensApi;
  query: Resolved<Q>;
  range: TimeRangeMs;
  /** The query's notices (plus `extra`) as frame meta. */
  meta(extra?: string): QueryResultMeta;
}

export interface OptionsEditorProps<Q extends TypedQuery> {
  query: Q;
  onChange: (query: Q) => void;
  /** Run the query (after a change that is complete: a switch, a field left). */
  onCommit: () => void;
}

/**
 * Everything about one query type, in one place: the data source, the query editor, the display
 * text and migrateQuery read it from the registry. `R` is what its request answers.
 */
export interface QueryTypeDefinition<Q extends TypedQuery, R = unknown> {
  type: Q['queryType'];
  label: string;
  description: string;
  /** Offered by the query editor's type picker (deployment markers are annotation queries). */
  inPicker: boolean;
  columns: Columns;
  /** migrateQuery: this type's own fields of a stored query, checked (unset ones left out). */
  migrate(stored: Record<string, unknown>): Omit<Q, keyof SelectionQuery> & { queryType: Q['queryType'] };
  /** `$variables` and bounds in this type's own fields (the selection is resolved before). */
  resolve?(query: Resolved<Q>, vars: TemplateVars): Resolved<Q>;
  /** The request of the whole answer, or of one page of it. */
  request(query: Resolved<Q>, range: TimeRangeMs, page?: { limit: number; cursor?: string }): ApiRequest<R>;
  /** The frame of the answer to `request` (one request, one frame)… */
  frame?(response: R, query: Resolved<Q>, range: TimeRangeMs): DataFrame;
  /** …or the frames of a query that takes more (pages, a run looked up first). */
  frames?(ctx: RunContext<Q>): Promise<DataFrame[]>;
  /** What only this type takes, below the query editor's filters. */
  OptionsEditor?: ComponentType<OptionsEditorProps<Q>>;
  /** The first part of the display text; default "<label> of <scripts>". */
  title?(query: Q, scripts: string): string;
}

/**
 * Declares a query type: `defineQueryType<RunsQuery>()({...})` (curried so that the answer's type
 * is inferred from `request`).
 */
export const defineQueryType =
  <Q extends TypedQuery>() =>
  <R>(definition: QueryTypeDefinition<Q, R>): QueryTypeDefinition<Q, R> =>
    definition;

/** The frames of one resolved query of this type. */
export async function runQueryType<Q extends TypedQuery, R>(
  definition: QueryTypeDefinition<Q, R>,
  ctx: RunContext<Q>
): Promise<DataFrame[]> {
  if (definition.frames) {
    return definition.frames(ctx);
  }
  if (!definition.frame) {
    throw new Error(`Query type "${definition.type}" has neither frame nor frames`);
  }
  const response = await ctx.api.send(definition.request(ctx.query, ctx.range));
  const frame = definition.frame(response, ctx.query, ctx.range);
  frame.meta = { ...frame.meta, ...ctx.meta() };
  return [frame];
}
