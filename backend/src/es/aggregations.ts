import type { estypes } from '@elastic/elasticsearch';

/**
 * The aggregations of a search, typed as the request that asked for them (the `*Aggs` types
 * beside each request builder in the `queries` files, passed as the client's second type
 * parameter). A search over no index answers without aggregations: that reads as `empty`.
 */
export function aggregationsOf<A>(res: estypes.SearchResponse<unknown, A>, empty?: A): A {
  const aggs = res.aggregations ?? empty;
  if (aggs === undefined) {
    throw new Error('Elasticsearch answered without the aggregations asked for');
  }
  return aggs;
}

/** A terms or histogram aggregation as the requests here ask for it (not keyed). */
export interface Buckets<B> {
  buckets: B[];
}
