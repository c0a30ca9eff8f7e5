import type { DataQuery } from '@grafana/schema';
import type { FilterOp } from '@runlens/contract/columns';
import type { Match, SortOrder } from '@runlens/contract/enums';

/**
 * The parts RunLens queries are made of. Each query type (data/queryTypes/*.ts) declares its query
 * from these, with `queryType` as the discriminant; data/queryTypes/registry.ts joins them into
 * RunLensQuery, the query model shared with the stored dashboards.
 */

export type { FilterOp, Match, SortOrder };

/** One condition, in the backend's format. Values may hold `$variables`. */
export interface FilterCondition {
  field: string;
  op: FilterOp;
  values: string[];
}

/** The selection every runs/logs read shares: scripts, filters, AND/OR, free text (and the time range). */
export interface SelectionQuery extends DataQuery {
  scripts?: string[];
  filters?: FilterCondition[];
  match?: Match;
  q?: string;
}

/** A list's order (runs, logs, and the record, whose previous / next follow the list). */
export interface SortedQuery {
  sort?: string;
  order?: SortOrder;
}

/** A list fetched page by page. */
export interface PagedQuery extends SortedQuery {
  /** Rows per page fetched from the backend. */
  limit?: number;
  /** The data source pages through next_cursor up to this many rows. */
  maxRows?: number;
}

/** Time buckets (time series, log volume). */
export interface BucketedQuery {
  /** Bucket, e.g. 5m, 1h, 1d; empty = automatic. */
  interval?: string;
}

export const PAGE_DEFAULTS = { limit: 100, maxRows: 1000 } as const;
