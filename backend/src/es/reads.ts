import { type Client, errors as esErrors, type estypes } from '@elastic/elasticsearch';
import { ApiError } from '../http/errors';

/**
 * Every search of the service goes through here. Elasticsearch answers 200 with whatever
 * the healthy shards found when others fail (an aggregation that overflows on one shard, a
 * date it cannot resolve), so a partial answer would look like data: zeros, missing rows.
 * Partial results are refused up front (`allow_partial_search_results: false`), and any
 * answer that still reports a failed shard becomes a 502 that says so.
 */
export const incompleteAnswer = (failed?: number, total?: number) =>
  new ApiError(
    502,
    'incomplete_answer',
    failed !== undefined
      ? `Elasticsearch could not read ${failed} of ${total} shards for this query; no partial answer is given`
      : 'Elasticsearch could not answer this query; no partial answer is given'
  );

type Shards = { _shards?: estypes.ShardStatistics };

/** Throws when any shard of an answer failed. */
export function wholeAnswer<T extends Shards>(res: T): T {
  const shards = res._shards;
  if (shards && shards.failed > 0) {
    throw incompleteAnswer(shards.failed, shards.total);
  }
  return res;
}

/**
 * A search Elasticsearch refused. Everything the caller sends is validated first, so this is
 * Elasticsearch failing (5xx), unless the request carries a value only Elasticsearch can
 * judge (a cursor's sort values), whose error the caller names.
 */
function rethrow(badRequest?: () => Error) {
  return (err: unknown): never => {
    // Unavailable (429, 503) and credentials refused (401, 403) keep their own answers.
    if (err instanceof esErrors.ResponseError && ![401, 403, 429, 503].includes(err.statusCode ?? 0)) {
      throw badRequest && err.statusCode === 400 ? badRequest() : incompleteAnswer();
    }
    throw err;
  };
}

export async function search<T = unknown, A = Record<string, estypes.AggregationsAggregate>>(
  es: Client,
  req: estypes.SearchRequest,
  opts: { badRequest?: () => Error } = {}
): Promise<estypes.SearchResponse<T, A>> {
  const res = await es.search<T, A>({ allow_partial_search_results: false, ...req }).catch(rethrow(opts.badRequest));
  return wholeAnswer(res);
}

/**
 * An msearch whose every search answered whole, or an error. `filterPath` trims the answer
 * (Elasticsearch's filter_path); it must keep `responses.error` and `responses._shards`.
 */
export async function msearch<T = unknown>(
  es: Client,
  searches: estypes.MsearchRequestItem[],
  filterPath?: string[]
): Promise<estypes.MsearchResponse<T>> {
  // Headers and bodies alternate: every header refuses partial results.
  const strict = searches.map((item, i) => (i % 2 === 0 ? { allow_partial_search_results: false, ...item } : item));
  const res = await es.msearch<T>({ searches: strict, filter_path: filterPath }).catch(rethrow());
  for (const r of res.responses) {
    if ('error' in r) {
      throw incompleteAnswer();
    }
    wholeAnswer(r);
  }
  return res;
}
