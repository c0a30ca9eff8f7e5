import type { Client, estypes } from '@elastic/elasticsearch';
import type { Config } from '../config';

/**
 * Index layout. Runs go to monthly indices, logs to daily ones, named by the event's time,
 * so retention drops whole indices (no delete-by-query). Readers use the wildcard patterns,
 * and Elasticsearch skips the indices outside a query's time range.
 */
export interface Indices {
  runsPattern: string;
  logsPattern: string;
  scripts: string;
  deployments: string;
  /** CSV export jobs: their state lives here so every replica serves every job. */
  exports: string;
  runsIndex(at: Date): string;
  logsIndex(at: Date): string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const month = (d: Date) => `${d.getUTCFullYear()}.${pad(d.getUTCMonth() + 1)}`;
const day = (d: Date) => `${month(d)}.${pad(d.getUTCDate())}`;

export function indicesFor(prefix: string): Indices {
  return {
    runsPattern: `${prefix}-runs-*`,
    logsPattern: `${prefix}-logs-*`,
    scripts: `${prefix}-scripts`,
    deployments: `${prefix}-deployments`,
    exports: `${prefix}-exports`,
    runsIndex: (at) => `${prefix}-runs-${month(at)}`,
    logsIndex: (at) => `${prefix}-logs-${day(at)}`,
  };
}

const keyword: estypes.MappingProperty = { type: 'keyword' };
const stored: estypes.MappingProperty = { type: 'object', enabled: false };

export const runMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    run_id: keyword,
    script: keyword,
    function: keyword,
    status: keyword,
    deployment_version: { type: 'integer' },
    response_time_ms: { type: 'double' },
    executed_on: { type: 'date' },
    finished_at: { type: 'date' },
    source_type: keyword,
    source: keyword,
    input: stored,
    output: stored,
    error: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 1024 } } },
    trace_id: keyword,
    // false while only the finish event has arrived (finish before start).
    started: { type: 'boolean' },
    updated_at: { type: 'date' },
  },
};

export const logMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    log_id: keyword,
    run_id: keyword,
    script: keyword,
    function: keyword,
    deployment_version: { type: 'integer' },
    source: keyword,
    source_type: keyword,
    level: keyword,
    message: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 1024 } } },
    timestamp: { type: 'date' },
    // Orders lines within the same millisecond.
    seq: { type: 'long' },
    trace_id: keyword,
    span_id: keyword,
    traceparent: keyword,
    attributes: stored,
  },
};

export const scriptMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    script: keyword,
    current_version: { type: 'integer' },
    deployed: { type: 'boolean' },
    updated_at: { type: 'date' },
  },
};

export const deploymentMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    script: keyword,
    version: { type: 'integer' },
    deployed_at: { type: 'date' },
    undeployed_at: { type: 'date' },
  },
};

export const exportMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    id: keyword,
    owner: keyword,
    kind: keyword,
    state: keyword,
    file_name: keyword,
    // The selection as the caller sent it, and the point in time the writer reads through.
    request: stored,
    pit_id: { type: 'keyword', index: false, doc_values: false },
    rows_expected: { type: 'long' },
    rows_written: { type: 'long' },
    bytes: { type: 'long' },
    error: { type: 'keyword', index: false, doc_values: false },
    created_at: { type: 'date' },
    updated_at: { type: 'date' },
    finished_at: { type: 'date' },
    expires_at: { type: 'date' },
  },
};

/** Creates or updates the templates and fixed indices; safe to run at every start. */
export async function ensureIndices(es: Client, config: Config, indices: Indices): Promise<void> {
  const settings = {
    number_of_shards: config.ES_SHARDS,
    number_of_replicas: config.ES_REPLICAS,
    refresh_interval: '1s',
  };
  const prefix = config.ES_INDEX_PREFIX;
  await es.indices.putIndexTemplate({
    name: `${prefix}-runs`,
    index_patterns: [indices.runsPattern],
    priority: 200,
    template: { settings, mappings: runMappings },
  });
  await es.indices.putIndexTemplate({
    name: `${prefix}-logs`,
    index_patterns: [indices.logsPattern],
    priority: 200,
    template: { settings, mappings: logMappings },
  });
  for (const [index, mappings] of [
    [indices.scripts, scriptMappings],
    [indices.deployments, deploymentMappings],
    [indices.exports, exportMappings],
  ] as const) {
    const exists = await es.indices.exists({ index });
    if (exists) {
      await es.indices.putMapping({ index, ...mappings });
    } else {
      await es.indices
        .create({ index, settings: { number_of_shards: 1, number_of_replicas: config.ES_REPLICAS }, mappings })
        .catch((err) => {
          // Another instance created it first.
          if (err?.body?.error?.type !== 'resource_already_exists_exception') {
            throw err;
          }
        });
    }
  }
}

/** Deletes whole run and log indices that lie entirely before the retention window. */
export async function dropExpiredIndices(
  es: Client,
  indices: Indices,
  retentionDays: number,
  now = new Date()
): Promise<string[]> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  const rows = await es.cat.indices({
    index: [indices.runsPattern, indices.logsPattern],
    format: 'json',
    h: ['index'],
  });
  const expired = rows
    .map((r) => r.index ?? '')
    .filter((name) => {
      const end = indexEnd(name);
      return end !== null && end <= cutoff;
    });
  if (expired.length > 0) {
    await es.indices.delete({ index: expired });
  }
  return expired;
}

/** The first instant after the period an index name covers (month or day), or null. */
export function indexEnd(name: string): Date | null {
  const m = /-(\d{4})\.(\d{2})(?:\.(\d{2}))?$/.exec(name);
  if (!m) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : null];
  return d === null ? new Date(Date.UTC(y, mo, 1)) : new Date(Date.UTC(y, mo - 1, d + 1));
}
