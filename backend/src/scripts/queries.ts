import type { estypes } from '@elastic/elasticsearch';
import type { Buckets } from '../es/aggregations';
import type { Indices } from '../es/indices';

/** The Elasticsearch searches behind the scripts list and the deployment markers. */

export const scriptStatesRequest = (indices: Indices): estypes.SearchRequest => ({
  index: indices.scripts,
  size: 10_000,
  sort: [{ script: 'asc' }],
});

export const allDeploymentsRequest = (indices: Indices): estypes.SearchRequest => ({
  index: indices.deployments,
  size: 10_000,
  sort: [{ script: 'asc' }, { version: 'asc' }],
});

export interface RunsPerScriptAggs {
  scripts: Buckets<{ key: string; doc_count: number; last: { value_as_string?: string } }>;
}

/** Run count and last run per script. */
export const runsPerScriptRequest = (indices: Indices): estypes.SearchRequest => ({
  index: indices.runsPattern,
  size: 0,
  allow_no_indices: true,
  aggs: {
    scripts: { terms: { field: 'script', size: 10_000 }, aggs: { last: { max: { field: 'executed_on' } } } },
  },
});

/** Deployments deployed or undeployed within the range. */
export function deploymentsRequest(indices: Indices, scripts: string[], from: Date, to: Date): estypes.SearchRequest {
  const range = { gte: from.toISOString(), lte: to.toISOString() };
  return {
    index: indices.deployments,
    size: 10_000,
    query: {
      bool: {
        filter: scripts.length ? [{ terms: { script: scripts } }] : [],
        should: [{ range: { deployed_at: range } }, { range: { undeployed_at: range } }],
        minimum_should_match: 1,
      },
    },
    sort: [{ deployed_at: 'asc' }],
  };
}
