import { PAGE_DEFAULTS, type BucketedQuery, type PagedQuery, type SortedQuery } from '../query/model';
import type { TemplateVars } from './definition';

/** `$variables` and bounds in the fields the query types share (sort, page, buckets). */

export function resolveSort<Q extends SortedQuery>(q: Q, vars: TemplateVars): Q {
  return { ...q, sort: q.sort ? vars.replace(q.sort) : undefined };
}

/** The page size the backend accepts (1–1000), at least one row in all. */
export function resolvePage<Q extends PagedQuery>(
  q: Q,
  vars: TemplateVars
): Q & Required<Pick<PagedQuery, 'limit' | 'maxRows'>> {
  return {
    ...resolveSort(q, vars),
    limit: clamp(q.limit ?? PAGE_DEFAULTS.limit, 1, 1000),
    maxRows: Math.max(1, q.maxRows ?? PAGE_DEFAULTS.maxRows),
  };
}

export function resolveBuckets<Q extends BucketedQuery>(q: Q, vars: TemplateVars): Q {
  return { ...q, interval: vars.replace(q.interval ?? '').trim() };
}

function clamp(n: number, min: number, max: number) {
  return Math.min(max, Math.max(min, Math.floor(n)));
}
