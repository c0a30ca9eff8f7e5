import type { Client, estypes } from '@elastic/elasticsearch';
import type { Config } from '../config';
import { gramsMapping } from '../filters/substring';

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
  /** Where each run's document lives (runs/store.ts). */
  runLocations: string;
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
    runLocations: `${prefix}-run-locations`,
    exports: `${prefix}-exports`,
    runsIndex: (at) => `${prefix}-runs-${month(at)}`,
    logsIndex: (at) => `${prefix}-logs-${day(at)}`,
  };
}

/**
 * The daily log indices that can hold lines dated from `fromMs` on: by name up to a week back
 * (a live tail polls a few times a second, and naming today's index spares Elasticsearch the
 * other thirty), the pattern beyond. Tomorrow's is included: events may be a little ahead.
 */
export function logIndicesFrom(indices: Indices, fromMs: number, now = Date.now()): string {
  const first = Math.floor(fromMs / 86_400_000);
  const last = Math.floor(now / 86_400_000) + 1;
  if (fromMs <= 0 || last - first > 8 || last < first) {
    return indices.logsPattern;
  }
  const names: string[] = [];
  for (let d = first; d <= last; d++) {
    names.push(indices.logsIndex(new Date(d * 86_400_000)));
  }
  return names.join(',');
}

const keyword: estypes.MappingProperty = { type: 'keyword' };
const stored: estypes.MappingProperty = { type: 'object', enabled: false };

export const runMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  // The substring index of `error` (filters/substring.ts): searched, never returned.
  _source: { excludes: ['error_grams'] },
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
    error_grams: gramsMapping,
    trace_id: keyword,
    // false while only the finish event has arrived (finish before start).
    started: { type: 'boolean' },
    updated_at: { type: 'date' },
  },
};

export const logMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  _source: { excludes: ['message_grams'] },
  properties: {
    log_id: keyword,
    run_id: keyword,
    script: keyword,
    function: keyword,
    deployment_version: { type: 'integer' },
    source: keyword,
    source_type: keyword,
    level: keyword,
    // The API searches `message` through message.raw (is / is not) and message_grams
    // (contains); the text field is what Lucene searches in Explore over the logs data source.
    message: { type: 'text', fields: { raw: { type: 'keyword', ignore_above: 1024 } } },
    message_grams: gramsMapping,
    timestamp: { type: 'date' },
    // Orders lines within the same millisecond.
    seq: { type: 'long' },
    trace_id: keyword,
    span_id: keyword,
    traceparent: keyword,
    attributes: stored,
  },
};

/** Stored as an Elasticsearch integer (whole numbers within 32 bits) in runs or logs. */
export const isIntegerField = (name: string) =>
  [runMappings, logMappings].some((m) => Object.hasOwn(m.properties!, name) && m.properties![name]!.type === 'integer');

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

export const runLocationMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  properties: {
    index: keyword,
    claimed_at: { type: 'date' },
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

/**
 * Each segment keeps its documents newest first, whatever order they arrived in (a backfill,
 * late lines, a bulk load): reading rows in time order (exports, lists) then takes them from
 * neighbouring stored blocks instead of one block per row, about 1.5 times faster measured on
 * 100,000 runs loaded in random order. A scan in the sort's direction also does less query work
 * per page: 200,000 log lines read newest first took Elasticsearch 1.1–1.8 s sorted and 4.2–4.5 s
 * unsorted though they had arrived oldest first (README "Figures measured"). So logs stay newest
 * first, the exports' default, not oldest first as they arrive (which saved ingest nothing
 * measurable). Applies to indices created from now on.
 */
const RUNS_SORT = { 'sort.field': ['executed_on'], 'sort.order': ['desc'], 'sort.missing': ['_last'] };
const LOGS_SORT = { 'sort.field': ['timestamp', 'seq'], 'sort.order': ['desc', 'desc'] };

/** Creates or updates the templates and fixed indices; safe to run at every start. */
export async function ensureIndices(es: Client, config: Config, indices: Indices): Promise<void> {
  const settings = {
    number_of_shards: config.ES_SHARDS,
    number_of_replicas: config.ES_REPLICAS,
    refresh_interval: config.ES_REFRESH_INTERVAL,
  };
  const prefix = config.ES_INDEX_PREFIX;
  await es.indices.putIndexTemplate({
    name: `${prefix}-runs`,
    index_patterns: [indices.runsPattern],
    priority: 200,
    template: { settings: { ...settings, ...RUNS_SORT }, mappings: runMappings },
  });
  await es.indices.putIndexTemplate({
    name: `${prefix}-logs`,
    index_patterns: [indices.logsPattern],
    priority: 200,
    template: { settings: { ...settings, ...LOGS_SORT }, mappings: logMappings },
  });
  for (const [index, mappings] of [
    [indices.scripts, scriptMappings],
    [indices.deployments, deploymentMappings],
    [indices.runLocations, runLocationMappings],
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

/** Index names in one delete request: Elasticsearch refuses request lines over 4 KB. */
const DELETE_URL_BUDGET = 3000;

/** Splits names into comma-joined groups that each fit in one request line. */
export function chunkNames(names: string[], budget = DELETE_URL_BUDGET): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const name of names) {
    if (current.length > 0 && length + name.length + 1 > budget) {
      chunks.push(current);
      current = [];
      length = 0;
    }
    current.push(name);
    length += name.length + 1;
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}

/**
 * Deletes whole run and log indices that lie entirely before the retention window: only
 * names RunLens itself gives (`<prefix>-runs-YYYY.MM`, `<prefix>-logs-YYYY.MM.DD`, any year
 * width), never a look-alike such as `<prefix>-runs-backup-2020.01`. The places of the runs
 * in a dropped index go first, so a late event of such a run starts afresh instead of
 * writing into a month that is gone.
 */
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
    expand_wildcards: 'all',
  });
  const expired = rows
    .map((r) => r.index ?? '')
    .filter((name) => {
      const end = indexEnd(indices, name);
      return end !== null && end <= cutoff;
    })
    .sort();
  for (const chunk of chunkNames(expired)) {
    const runIndices = chunk.filter((name) => name.startsWith(indices.runsPattern.slice(0, -1)));
    if (runIndices.length > 0) {
      await forgetPlaces(es, indices, runIndices);
    }
    await es.indices.delete({ index: chunk });
  }
  return expired;
}

/**
 * Deletes the run-location entries pointing into these run indices. Scroll and bulk, not
 * delete-by-query: the minimal distribution has no reindex module.
 */
async function forgetPlaces(es: Client, indices: Indices, runIndices: string[]): Promise<void> {
  let page = await es.search({
    index: indices.runLocations,
    query: { terms: { index: runIndices } },
    scroll: '1m',
    size: 1000,
    _source: false,
  });
  try {
    while (page.hits.hits.length > 0) {
      const res = await es.bulk({
        operations: page.hits.hits.map((h) => ({ delete: { _index: indices.runLocations, _id: h._id! } })),
      });
      if (res.errors && res.items.some((i) => i.delete?.error && i.delete.status !== 404)) {
        throw new Error('retention: could not delete run locations');
      }
      page = await es.scroll({ scroll_id: page._scroll_id!, scroll: '1m' });
    }
  } finally {
    if (page._scroll_id) {
      await es.clearScroll({ scroll_id: page._scroll_id }).catch(() => undefined);
    }
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The first instant after the period a RunLens run or log index covers, or null for any other name. */
export function indexEnd(indices: Indices, name: string): Date | null {
  const runs = new RegExp(`^${escapeRegExp(indices.runsPattern.slice(0, -1))}(\\d{1,6})\\.(\\d{2})$`).exec(name);
  const logs = new RegExp(`^${escapeRegExp(indices.logsPattern.slice(0, -1))}(\\d{1,6})\\.(\\d{2})\\.(\\d{2})$`).exec(
    name
  );
  const m = runs ?? logs;
  if (!m) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : null];
  const end = d === null ? utc(y, mo, 1) : utc(y, mo - 1, d + 1);
  return Number.isNaN(end.getTime()) ? null : end;
}

/** Date.UTC reads years 0–99 as 1900–1999; RunLens names carry the real year. */
function utc(year: number, monthIndex: number, day: number): Date {
  const d = new Date(Date.UTC(2000, monthIndex, day));
  d.setUTCFullYear(year + (d.getUTCFullYear() - 2000));
  return d;
}
