/** The data set found in Elasticsearch, its cleanup, and API log ingest beside raw _bulk. */
import { gramsOf } from '../src/filters/substring';
import { performance } from 'node:perf_hooks';
import type { Client, estypes } from '@elastic/elasticsearch';
import { type Indices } from '../src/es/indices';
import { INGEST_TOKEN, opts, progress } from './options';
import { bulk, request } from './http';
import type { Backend } from './backend';
import { message } from './data';

export interface Discovered {
  anchor: number;
  /** The busiest script, and the quietest (whose stats may take the exact-percentile path). */
  script: string;
  quietScript: string;
  fn: string;
  runs: number;
  logs: number;
  ingestRuns: Array<{
    run_id: string;
    script: string;
    function: string;
    deployment_version: number;
    source: string;
    source_type: string;
  }>;
}

/** Reads what the loaded data looks like (works for a fresh load and for `--keep`). */
export async function discover(es: Client, indices: Indices): Promise<Discovered> {
  const runsCount = (await es.count({ index: indices.runsPattern, allow_no_indices: true })).count;
  const logsCount = (await es.count({ index: indices.logsPattern, allow_no_indices: true })).count;
  if (runsCount === 0) {
    throw new Error(`no runs under ${indices.runsPattern}`);
  }
  const res = await es.search({
    index: indices.runsPattern,
    size: 0,
    aggs: {
      latest: { max: { field: 'executed_on' } },
      scripts: { terms: { field: 'script', size: 1000 }, aggs: { fns: { terms: { field: 'function', size: 1 } } } },
    },
  });
  const aggs = res.aggregations as {
    latest: { value: number };
    scripts: { buckets: Array<{ key: string; fns: { buckets: Array<{ key: string }> } }> };
  };
  const top = aggs.scripts.buckets[0]!;
  const recent = await es.search<Discovered['ingestRuns'][number]>({
    index: indices.runsPattern,
    size: 2000,
    sort: [{ executed_on: 'desc' }],
    query: { term: { status: 'success' } },
    _source: ['run_id', 'script', 'function', 'deployment_version', 'source', 'source_type'],
  });
  return {
    anchor: Math.ceil(aggs.latest.value / 1000) * 1000 + 1000,
    script: top.key,
    quietScript: aggs.scripts.buckets[aggs.scripts.buckets.length - 1]!.key,
    fn: top.fns.buckets[0]!.key,
    runs: runsCount,
    logs: logsCount,
    ingestRuns: recent.hits.hits.map((h) => h._source!),
  };
}

export async function deleteBenchData(es: Client, indices: Indices): Promise<void> {
  await es.indices.delete({
    index: [indices.runsPattern, indices.logsPattern, indices.scripts, indices.deployments, indices.exports],
    ignore_unavailable: true,
    allow_no_indices: true,
  });
  await es.indices.deleteIndexTemplate({ name: `${opts.prefix}-runs` }, { ignore: [404] });
  await es.indices.deleteIndexTemplate({ name: `${opts.prefix}-logs` }, { ignore: [404] });
}

/**
 * Deletes the lines the ingest measurement wrote (log ids starting `ing-`), so a kept data set
 * stays as loaded. The integ-test distribution has no _delete_by_query: search, then bulk delete.
 */
export async function deleteIngested(es: Client, indices: Indices): Promise<void> {
  const query = { prefix: { log_id: 'ing-' } };
  await es.indices.refresh({ index: indices.logsPattern });
  const count = (await es.count({ index: indices.logsPattern, query })).count;
  if (count === 0) {
    return;
  }
  progress(`deleting ${count} ingest-test lines`);
  let after: estypes.SortResults | undefined;
  for (let i = 0; i <= Math.ceil(count / 10_000); i++) {
    const res = await es.search({
      index: indices.logsPattern,
      query,
      size: 10_000,
      sort: [{ log_id: 'asc' }],
      search_after: after,
      _source: false,
      track_total_hits: false,
    });
    const hits = res.hits.hits;
    if (hits.length === 0) {
      break;
    }
    after = hits[hits.length - 1]!.sort;
    const body = hits.map((h) => `{"delete":{"_index":"${h._index}","_id":${JSON.stringify(h._id)}}}\n`).join('');
    const del = await request(
      `${opts.esUrl}/_bulk?filter_path=errors`,
      'POST',
      { 'content-type': 'application/x-ndjson' },
      body
    );
    if (del.status !== 200) {
      throw new Error(`_bulk delete ${del.status}: ${del.text.slice(0, 300)}`);
    }
  }
  await es.indices.refresh({ index: indices.logsPattern });
}

export async function ingestBench(backend: Backend, es: Client, indices: Indices, runs: Discovered['ingestRuns']) {
  const lines = opts.ingestLines;
  const batch = opts.ingestBatch;
  const batches = Math.max(1, Math.ceil(lines / batch));
  const perRun = Math.max(1, Math.min(100, batch));
  const tag = Date.now().toString(36);
  // Prebuilt bodies: the client side costs the same nothing for both paths.
  const build = (kind: 'a' | 'r' | 'c', b: number) => {
    const now = Date.now();
    const records: string[] = [];
    for (let i = 0; i < batch; i++) {
      const run = runs[(b * Math.ceil(batch / perRun) + Math.floor(i / perRun)) % runs.length]!;
      const logId = `ing-${kind}-${tag}-${b}-${i}`;
      const ts = new Date(now + i).toISOString();
      const msg = message('stdout', run.function);
      if (kind !== 'r') {
        records.push(
          JSON.stringify({ log_id: logId, run_id: run.run_id, level: 'stdout', message: msg, timestamp: ts })
        );
      } else {
        const doc = {
          log_id: logId,
          run_id: run.run_id,
          script: run.script,
          function: run.function,
          deployment_version: run.deployment_version,
          source: run.source,
          source_type: run.source_type,
          level: 'stdout',
          message: msg,
          // The same final document the API writes.
          message_grams: gramsOf(msg),
          timestamp: ts,
          seq: now * 1000 + i,
          trace_id: null,
          span_id: null,
          traceparent: null,
          attributes: null,
        };
        records.push(
          `{"index":{"_index":"${indices.logsIndex(new Date(ts))}","_id":"${logId}"}}\n${JSON.stringify(doc)}`
        );
      }
    }
    return kind !== 'r' ? `[${records.join(',')}]` : `${records.join('\n')}\n`;
  };
  const apiBodies = Array.from({ length: batches }, (_, b) => build('a', b));
  const rawBodies = Array.from({ length: batches }, (_, b) => build('r', b));
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${INGEST_TOKEN}` };

  const sendApi = async (body: string) => {
    const res = await request(`${backend.url}/api/v1/logs`, 'POST', headers, body);
    if (res.status !== 200) {
      throw new Error(`POST /api/v1/logs ${res.status}: ${res.text.slice(0, 300)}`);
    }
    const accepted = (JSON.parse(res.text) as { accepted: number }).accepted;
    if (accepted !== batch) {
      throw new Error(`POST /api/v1/logs accepted ${accepted} of ${batch}`);
    }
  };
  const sendRaw = async (body: string) => {
    await bulk(body);
  };
  /** Sends the bodies with a fixed number of concurrent clients; returns lines/s. */
  const phase = async (bodies: string[], send: (b: string) => Promise<void>) => {
    let next = 0;
    const s = performance.now();
    await Promise.all(
      Array.from({ length: opts.ingestClients }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          await send(bodies[i]!);
        }
      })
    );
    return { lines: bodies.length * batch, seconds: (performance.now() - s) / 1000 };
  };

  // Warm-up: a few batches each (JIT, connections, the run-columns cache is NOT pre-filled for the timed part).
  const warm = Math.min(4, batches);
  progress(`ingest: warm-up ${warm} batches each way`);
  await phase(
    Array.from({ length: warm }, (_, b) => build('a', batches + b)),
    sendApi
  );
  await phase(
    Array.from({ length: warm }, (_, b) => build('r', batches + b)),
    sendRaw
  );

  // Alternate halves: API, raw, API, raw, so drift (merges, other load) hits both alike.
  const half = Math.ceil(batches / 2);
  const totals = { api: { lines: 0, seconds: 0 }, raw: { lines: 0, seconds: 0 }, cached: { lines: 0, seconds: 0 } };
  let apiCpuMs: number | null = 0;
  for (const [start, end] of [
    [0, half],
    [half, batches],
  ] as const) {
    if (start >= end) {
      continue;
    }
    const u0 = await backend.usage();
    const a = await phase(apiBodies.slice(start, end), sendApi);
    const u1 = await backend.usage();
    apiCpuMs = u0 && u1 && apiCpuMs !== null ? apiCpuMs + u1.cpu_ms - u0.cpu_ms : null;
    totals.api.lines += a.lines;
    totals.api.seconds += a.seconds;
    const r = await phase(rawBodies.slice(start, end), sendRaw);
    totals.raw.lines += r.lines;
    totals.raw.seconds += r.seconds;
    // Diagnosis: the same API batches again (new log ids) for the runs the backend has just
    // cached, so without the per-run lookups; shows what those lookups cost.
    const cachedBodies = Array.from({ length: end - start }, (_, i) => build('c', start + i));
    const c = await phase(cachedBodies, sendApi);
    totals.cached.lines += c.lines;
    totals.cached.seconds += c.seconds;
  }
  await es.indices.refresh({ index: indices.logsPattern });
  const apiRate = Math.round(totals.api.lines / totals.api.seconds);
  const rawRate = Math.round(totals.raw.lines / totals.raw.seconds);
  const ratio = Math.round((apiRate / rawRate) * 100) / 100;
  progress(`ingest: api ${apiRate} lines/s, raw _bulk ${rawRate} lines/s, ratio ${ratio}`);
  if (opts.keep) {
    // Leave the kept data set as it was loaded.
    await deleteIngested(es, indices);
  }
  return {
    lines_per_request: batch,
    concurrent_clients: opts.ingestClients,
    lines_each_way: totals.api.lines,
    api_lines_per_s: apiRate,
    raw_bulk_lines_per_s: rawRate,
    ratio,
    api_lines_per_s_runs_cached: Math.round(totals.cached.lines / totals.cached.seconds),
    backend_cpu_ms_per_1000_lines:
      apiCpuMs === null ? null : Math.round((apiCpuMs / totals.api.lines) * 1000 * 10) / 10,
  };
}
