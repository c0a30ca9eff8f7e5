/** The data set found in Elasticsearch, its cleanup, and API log ingest beside raw _bulk. */
import { gramsOf } from '../src/filters/substring';
import { performance } from 'node:perf_hooks';
import type { Client, estypes } from '@elastic/elasticsearch';
import { type Indices } from '../src/es/indices';
import { INGEST_TOKEN, opts, progress } from './options';
import { bulk, request } from './http';
import type { Backend } from './backend';
import { level, message, pick } from './data';

const INGEST_POOL = 50_000;

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
  // The runs ingest writes lines for: up to INGEST_POOL of them, so the mixed case can draw
  // ~1,000 different runs per batch, most of them new to the backend's run-columns cache.
  const ingestRuns: Discovered['ingestRuns'] = [];
  let after: estypes.SortResults | undefined;
  while (ingestRuns.length < INGEST_POOL) {
    const page = await es.search<Discovered['ingestRuns'][number]>({
      index: indices.runsPattern,
      size: Math.min(10_000, INGEST_POOL - ingestRuns.length),
      // Newest first (the real-time section uses the first); run_id makes the paging total.
      sort: [{ executed_on: 'desc' }, { run_id: 'asc' }],
      search_after: after,
      query: { term: { status: 'success' } },
      _source: ['run_id', 'script', 'function', 'deployment_version', 'source', 'source_type'],
    });
    const hits = page.hits.hits;
    if (hits.length === 0) {
      break;
    }
    after = hits[hits.length - 1]!.sort;
    ingestRuns.push(...hits.map((h) => h._source!));
  }
  return {
    anchor: Math.ceil(aggs.latest.value / 1000) * 1000 + 1000,
    script: top.key,
    quietScript: aggs.scripts.buckets[aggs.scripts.buckets.length - 1]!.key,
    fn: top.fns.buckets[0]!.key,
    runs: runsCount,
    logs: logsCount,
    ingestRuns,
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

type IngestRun = Discovered['ingestRuns'][number];
/** One request's lines, planned once and then written both ways (API and raw _bulk). */
type Plan = Array<{ run: IngestRun; level: string; message: string }>;

/** Runs per request in the grouped case: a stdout batch is one run, an SDK batch a few. */
const GROUPED_RUNS = 4;

/** Lines per second and the backend's CPU (ms per 1,000 lines) of one side of a case. */
interface Rate {
  lines: number;
  seconds: number;
  cpuMs: number | null;
}
const perSecond = (r: Rate) => Math.round(r.lines / r.seconds);
const cpuPer1000 = (r: Rate) => (r.cpuMs === null ? null : Math.round((r.cpuMs / r.lines) * 10_000) / 10);

/**
 * API log ingest beside raw _bulk of the very documents the API writes, in two cases: lines
 * grouped by run (GROUPED_RUNS runs per request, each new to the backend) and mixed (every
 * line of a random run of the pool: up to a request's size of different runs, mostly unknown
 * to the backend, so its run-columns lookups are timed too).
 */
export async function ingestBench(backend: Backend, es: Client, indices: Indices, runs: IngestRun[]) {
  const batch = opts.ingestBatch;
  const batches = Math.max(1, Math.ceil(opts.ingestLines / batch));
  const warm = Math.min(4, batches);
  const tag = Date.now().toString(36);
  const linesOf = (runOf: (i: number) => IngestRun): Plan =>
    Array.from({ length: batch }, (_, i) => {
      const run = runOf(i);
      const lvl = level();
      return { run, level: lvl, message: message(lvl, run.function) };
    });
  // Grouped batches take fresh runs from the end of the pool (the mixed case draws from all of it).
  const groupedPlan = (b: number) =>
    linesOf(
      (i) => runs[runs.length - 1 - ((b * GROUPED_RUNS + Math.floor((i * GROUPED_RUNS) / batch)) % runs.length)]!
    );
  const mixedPlan = () => linesOf(() => pick(runs));

  // Prebuilt bodies: the client side costs the same nothing for both paths.
  const apiBody = (plan: Plan, id: string) => {
    const now = Date.now();
    return `[${plan
      .map((l, i) =>
        JSON.stringify({
          log_id: `${id}-${i}`,
          run_id: l.run.run_id,
          level: l.level,
          message: l.message,
          timestamp: new Date(now + i).toISOString(),
        })
      )
      .join(',')}]`;
  };
  const rawBody = (plan: Plan, id: string) => {
    const now = Date.now();
    return plan
      .map((l, i) => {
        const logId = `${id}-${i}`;
        const ts = new Date(now + i).toISOString();
        // The same final document the API writes.
        const doc = {
          log_id: logId,
          run_id: l.run.run_id,
          script: l.run.script,
          function: l.run.function,
          deployment_version: l.run.deployment_version,
          source: l.run.source,
          source_type: l.run.source_type,
          level: l.level,
          message: l.message,
          message_grams: gramsOf(l.message),
          timestamp: ts,
          seq: now * 1000 + i,
          trace_id: null,
          span_id: null,
          traceparent: null,
          attributes: null,
        };
        return `{"index":{"_index":"${indices.logsIndex(new Date(ts))}","_id":"${logId}"}}\n${JSON.stringify(doc)}\n`;
      })
      .join('');
  };
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
  /** Sends the bodies with a fixed number of concurrent clients. */
  const phase = async (bodies: string[], send: (b: string) => Promise<void>): Promise<Rate> => {
    let next = 0;
    const u0 = await backend.usage();
    const s = performance.now();
    await Promise.all(
      Array.from({ length: opts.ingestClients }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          await send(bodies[i]!);
        }
      })
    );
    const seconds = (performance.now() - s) / 1000;
    const u1 = await backend.usage();
    return { lines: bodies.length * batch, seconds, cpuMs: u0 && u1 ? u1.cpu_ms - u0.cpu_ms : null };
  };
  const add = (a: Rate, b: Rate): Rate => ({
    lines: a.lines + b.lines,
    seconds: a.seconds + b.seconds,
    cpuMs: a.cpuMs === null || b.cpuMs === null ? null : a.cpuMs + b.cpuMs,
  });

  // Warm-up: a few batches each way (JIT, connections); its runs are not among the timed ones.
  progress(`ingest: warm-up ${warm} batches each way`);
  const warmPlans = Array.from({ length: warm }, (_, b) => groupedPlan(2 * batches + b));
  await phase(
    warmPlans.map((p, b) => apiBody(p, `ing-w-${tag}-${b}`)),
    sendApi
  );
  await phase(
    warmPlans.map((p, b) => rawBody(p, `ing-wr-${tag}-${b}`)),
    sendRaw
  );

  // How new the runs of each API request are to the backend (sent in this order: grouped, then mixed).
  const seen = new Set<string>();
  const novelty = (plans: Plan[]) => {
    let fresh = 0;
    let distinct = 0;
    for (const plan of plans) {
      const ids = new Set(plan.map((l) => l.run.run_id));
      distinct += ids.size;
      fresh += plan.filter((l) => !seen.has(l.run.run_id)).length;
      ids.forEach((id) => seen.add(id));
    }
    return {
      runs_per_request: Math.round(distinct / plans.length),
      lines_of_unknown_runs: fresh / (plans.length * batch),
    };
  };
  novelty(warmPlans);

  /** One case: API and raw in halves ordered API, raw, raw, API, so drift hits both alike. */
  const measure = async (name: string, plans: Plan[], cachedDiagnosis: boolean) => {
    const runsInfo = novelty(plans);
    const api = plans.map((p, b) => apiBody(p, `ing-${name[0]}a-${tag}-${b}`));
    const raw = plans.map((p, b) => rawBody(p, `ing-${name[0]}r-${tag}-${b}`));
    const half = Math.ceil(plans.length / 2);
    const zero: Rate = { lines: 0, seconds: 0, cpuMs: 0 };
    let apiRate = zero;
    let rawRate = zero;
    let cachedRate = zero;
    for (const [start, end, apiFirst] of [
      [0, half, true],
      [half, plans.length, false],
    ] as const) {
      if (start >= end) {
        continue;
      }
      const runApi = async () => {
        apiRate = add(apiRate, await phase(api.slice(start, end), sendApi));
        if (cachedDiagnosis) {
          // The same requests again (new log ids) for runs the backend has just cached: without
          // the run-columns lookups, to show what those cost.
          const again = plans.slice(start, end).map((p, i) => apiBody(p, `ing-${name[0]}c-${tag}-${start + i}`));
          cachedRate = add(cachedRate, await phase(again, sendApi));
        }
      };
      const runRaw = async () => {
        rawRate = add(rawRate, await phase(raw.slice(start, end), sendRaw));
      };
      if (apiFirst) {
        await runApi();
        await runRaw();
      } else {
        await runRaw();
        await runApi();
      }
    }
    const ratio = Math.round((perSecond(apiRate) / perSecond(rawRate)) * 100) / 100;
    progress(
      `ingest ${name}: api ${perSecond(apiRate)} lines/s, raw _bulk ${perSecond(rawRate)} lines/s, ratio ${ratio} (${runsInfo.runs_per_request} runs per request)`
    );
    return {
      ...runsInfo,
      lines_of_unknown_runs: Math.round(runsInfo.lines_of_unknown_runs * 100) / 100,
      api_lines_per_s: perSecond(apiRate),
      raw_bulk_lines_per_s: perSecond(rawRate),
      ratio,
      backend_cpu_ms_per_1000_lines: cpuPer1000(apiRate),
      ...(cachedDiagnosis ? { api_lines_per_s_runs_cached: perSecond(cachedRate) } : {}),
    };
  };

  const grouped = await measure(
    'grouped',
    Array.from({ length: batches }, (_, b) => groupedPlan(b)),
    false
  );
  const mixed = await measure('mixed', Array.from({ length: batches }, mixedPlan), true);
  await es.indices.refresh({ index: indices.logsPattern });
  if (opts.keep) {
    // Leave the kept data set as it was loaded.
    await deleteIngested(es, indices);
  }
  return {
    lines_per_request: batch,
    concurrent_clients: opts.ingestClients,
    lines_each_way: batches * batch,
    run_pool: runs.length,
    grouped,
    mixed,
    // The worse of the two cases, which the targets apply to.
    api_lines_per_s: Math.min(grouped.api_lines_per_s, mixed.api_lines_per_s),
    ratio: Math.min(grouped.ratio, mixed.ratio),
  };
}
