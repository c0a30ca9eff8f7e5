/**
 * The provisioned alert rules, run for real: their Elasticsearch queries go to the real server
 * (scripts/es.sh) over runs ingested through the real backend, as Grafana's Elasticsearch data
 * source sends them; their reduce and math expressions are applied per script as Grafana's
 * server-side expressions do. The failure rate the first computes must equal the backend's
 * Failure Rate (failed ÷ total × 100) over the same window, the P99 of the second the backend's
 * P99 (within Elasticsearch's percentile approximation), and each must fire for exactly the
 * script that is over its threshold with enough runs.
 */
import { indicesFor } from '../../backend/src/es/indices';
import { provisionedDatasources, provisioningFiles, yamlFile, type Json } from './repo';
import { dropPrefix, ensureElasticsearch, es, startBackend, uniquePrefix, type Backend } from './services';

const rules: Json[] = provisioningFiles('alerting').map((f) => yamlFile(f)).find((d) => d.groups)!.groups.flatMap((g: Json) => g.rules);
const ruleByUid = (uid: string) => rules.find((r) => r.uid === uid)!;
const datasources = new Map(provisionedDatasources().map((d) => [d.uid, d]));

/** The aggregation Grafana's Elasticsearch data source builds for a metric (count is the bucket's doc_count). */
function metricAgg(metric: Json): Json | undefined {
  if (metric.type === 'count') return undefined;
  expect(metric.type).toBe('percentiles');
  return { percentiles: { field: metric.field, ...metric.settings } };
}

/**
 * The search Grafana's Elasticsearch data source builds for a query of one metric under a terms
 * aggregation, with or without a date_histogram inside it.
 */
function grafanaEsSearch(model: Json, from: number, to: number) {
  expect(model.metrics).toHaveLength(1);
  const [metric] = model.metrics;
  const [terms, histogram, ...rest] = model.bucketAggs;
  expect(rest).toEqual([]);
  expect(terms.type).toBe('terms');
  const order = terms.settings.orderBy === '_term' ? { _key: terms.settings.order } : { [terms.settings.orderBy]: terms.settings.order };
  const agg = metricAgg(metric);
  const metricAggs = agg ? { [metric.id]: agg } : undefined;
  let inner: Json = metricAggs;
  if (histogram) {
    expect(histogram.type).toBe('date_histogram');
    inner = {
      [histogram.id]: {
        date_histogram: {
          field: histogram.field,
          fixed_interval: histogram.settings.interval,
          min_doc_count: Number(histogram.settings.min_doc_count),
          extended_bounds: { min: from, max: to },
          format: 'epoch_millis',
        },
        ...(metricAggs ? { aggs: metricAggs } : {}),
      },
    };
  }
  return {
    size: 0,
    query: {
      bool: {
        filter: [
          { range: { [model.timeField]: { gte: from, lte: to, format: 'epoch_millis' } } },
          { query_string: { analyze_wildcard: true, query: model.query || '*' } },
        ],
      },
    },
    aggs: {
      [terms.id]: {
        terms: { field: terms.field, size: Number(terms.settings.size), order, min_doc_count: Number(terms.settings.min_doc_count) },
        ...(inner ? { aggs: inner } : {}),
      },
    },
  };
}

/** A metric's value in a bucket of the response. */
function metricValue(bucket: Json, metric: Json): number {
  if (metric.type === 'count') return bucket.doc_count;
  const values = bucket[metric.id].values;
  return values[Number(metric.settings.percents[0]).toFixed(1)];
}

type Series = Map<string, number[]>; // script -> values
type Numbers = Map<string, number>; // script -> number

/**
 * Runs a rule's Elasticsearch query (refId) on the real server. With a date_histogram: one series
 * per script (Grafana's time series). Without: one number per script (a table of a string and a
 * number column, which Grafana's expressions read as one number per label set).
 */
async function runQuery(rule: Json, refId: string, index: string, now: number): Promise<{ series?: Series; numbers?: Numbers }> {
  const d = rule.data.find((x: Json) => x.refId === refId);
  const from = now - d.relativeTimeRange.from * 1000;
  const to = now - d.relativeTimeRange.to * 1000;
  const res = await es('POST', `/${index}/_search`, grafanaEsSearch(d.model, from, to));
  expect(res._shards.failed).toBe(0);
  const [terms, histogram] = d.model.bucketAggs;
  const [metric] = d.model.metrics;
  if (!histogram) {
    return { numbers: new Map(res.aggregations[terms.id].buckets.map((b: Json) => [b.key, metricValue(b, metric)])) };
  }
  const series: Series = new Map();
  for (const b of res.aggregations[terms.id].buckets) {
    series.set(b.key, b[histogram.id].buckets.map((h: Json) => metricValue(h, metric)));
  }
  return { series };
}

/** Grafana's math expression on numbers joined by their labels (here: the script). */
function evalMath(expression: string, vars: Record<string, Numbers>): Numbers {
  const refs = [...new Set([...expression.matchAll(/\$([A-Z])\b/g)].map((m) => m[1]!))];
  const out: Numbers = new Map();
  const scripts = [...vars[refs[0]!]!.keys()].filter((s) => refs.every((r) => vars[r]!.has(s)));
  for (const script of scripts) {
    const js = expression.replace(/\$([A-Z])\b/g, (_, r: string) => `(${vars[r]!.get(script)})`);
    if (!/^[\d\s.+\-*/()<>=!&|e]+$/.test(js)) throw new Error(`unsupported math: ${expression}`);
    out.set(script, Number(new Function(`return (${js});`)()));
  }
  return out;
}

/** Evaluates a whole rule: every refId, in order. */
async function evaluateRule(rule: Json, index: string, now: number): Promise<Record<string, Numbers>> {
  const values: Record<string, Numbers> = {};
  const series: Record<string, Series> = {};
  for (const d of rule.data) {
    if (d.datasourceUid !== '__expr__') {
      expect(datasources.get(d.datasourceUid)?.type).toBe('elasticsearch');
      const result = await runQuery(rule, d.refId, index, now);
      if (result.series) series[d.refId] = result.series;
      if (result.numbers) values[d.refId] = result.numbers;
      continue;
    }
    const m = d.model;
    if (m.type === 'reduce') {
      expect(m.reducer).toBe('sum');
      const src = series[m.expression]!;
      values[d.refId] = new Map([...src].map(([k, v]) => [k, v.reduce((a, b) => a + b, 0)]));
    } else if (m.type === 'math') {
      values[d.refId] = evalMath(m.expression, values);
    } else if (m.type === 'threshold') {
      const ev = m.conditions[0].evaluator;
      const src = values[m.expression]!;
      values[d.refId] = new Map([...src].map(([k, v]) => [k, ev.type === 'gt' ? Number(v > ev.params[0]) : Number(v < ev.params[0])]));
    } else {
      throw new Error(`expression type ${m.type} is not evaluated by this test`);
    }
  }
  return values;
}

const firing = (rule: Json, values: Record<string, Numbers>) => [...values[rule.condition]!].filter(([, v]) => v !== 0).map(([k]) => k).sort();

let backend: Backend;
const prefix = uniquePrefix('alert');
const now = Date.now();
const ago = (s: number) => new Date(now - s * 1000).toISOString();

/** script -> runs in the window (failed, in progress, success) and failed runs before it. */
const FAILURES: Record<string, { failed: number; inProgress: number; success: number; failedBefore: number }> = {
  'alert-alpha': { failed: 3, inProgress: 1, success: 8, failedBefore: 5 }, // 25 % of 12: fires
  'alert-beta': { failed: 1, inProgress: 0, success: 19, failedBefore: 3 }, // 5 %: below the threshold
  'alert-gamma': { failed: 2, inProgress: 0, success: 2, failedBefore: 0 }, // 50 % but only 4 runs
  'alert-delta': { failed: 0, inProgress: 0, success: 11, failedBefore: 2 }, // no failure in the window
};

/**
 * script -> response times (ms) of the runs in the window, runs still in progress there, and
 * response times of runs before the window. The top values of each script sit close together,
 * so the exact P99 and Elasticsearch's approximate one agree to within 1 %.
 */
const LATENCIES: Record<string, { inWindow: number[]; inProgress: number; before: number[] }> = {
  // 27 quick runs and 3 slow ones: P99 about 5000 ms over 30 timed runs: fires.
  'p99-slow': { inWindow: [...spread(27, 150, 400), 5000, 5010, 5020], inProgress: 2, before: [] },
  // 40 runs up to 900 ms: below the threshold.
  'p99-fast': { inWindow: [...spread(37, 100, 700), 880, 890, 900], inProgress: 0, before: [] },
  // Slow, but only 10 timed runs (and in-progress runs do not count): the minimum-runs guard holds it.
  'p99-few': { inWindow: [...spread(7, 200, 300), 3000, 3010, 3020], inProgress: 15, before: [] },
  // Slow before the window only: what is slow now counts, not what was.
  'p99-recovered': { inWindow: [...spread(22, 100, 500), 600, 610, 620], inProgress: 0, before: spread(30, 4000, 6000) },
};

/** n response times evenly spread from lo to hi. */
function spread(n: number, lo: number, hi: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(lo + ((hi - lo) * i) / Math.max(1, n - 1)));
}

beforeAll(async () => {
  await ensureElasticsearch();
  backend = await startBackend(prefix);
  let n = 0;
  for (const [script, d] of Object.entries(FAILURES)) {
    expect((await backend.ingest('POST', `/api/v1/scripts/${script}/deployments`)).status).toBe(201);
    const plan = [
      ...Array.from({ length: d.failed }, () => ({ status: 'failed', inWindow: true })),
      ...Array.from({ length: d.inProgress }, () => ({ status: 'in_progress', inWindow: true })),
      ...Array.from({ length: d.success }, () => ({ status: 'success', inWindow: true })),
      ...Array.from({ length: d.failedBefore }, () => ({ status: 'failed', inWindow: false })),
    ];
    for (const [i, run] of plan.entries()) {
      const run_id = `${script}-${i}`;
      // In the 15-minute window: 30 s to 13 min ago. Before it: 20 min to 2 h ago.
      const at = run.inWindow ? 30 + ((i * 37) % 750) : 1200 + i * 300;
      const start = await backend.ingest('POST', '/api/v1/runs', { run_id, script, function: 'handler', source_type: n++ % 2 ? 'api' : 'tool', source: 'alert-test', executed_on: ago(at) });
      expect(start.status).toBe(201);
      if (run.status === 'in_progress') continue;
      const fin = await backend.ingest('POST', `/api/v1/runs/${run_id}/finish`, {
        status: run.status,
        finished_at: ago(at - 1),
        ...(run.status === 'success' ? { response_time_ms: 120 + i } : { error: 'TimeoutError: upstream did not answer' }),
      });
      expect(fin.status).toBe(200);
    }
  }
  for (const [script, d] of Object.entries(LATENCIES)) {
    expect((await backend.ingest('POST', `/api/v1/scripts/${script}/deployments`)).status).toBe(201);
    const plan = [
      ...d.inWindow.map((ms) => ({ ms, inWindow: true })),
      ...Array.from({ length: d.inProgress }, () => ({ ms: undefined, inWindow: true })),
      ...d.before.map((ms) => ({ ms, inWindow: false })),
    ];
    for (const [i, run] of plan.entries()) {
      const run_id = `${script}-${i}`;
      const at = run.inWindow ? 30 + ((i * 37) % 750) : 1200 + i * 200;
      const start = await backend.ingest('POST', '/api/v1/runs', { run_id, script, function: 'handler', source_type: 'api', source: 'alert-test', executed_on: ago(at) });
      expect(start.status).toBe(201);
      if (run.ms === undefined) continue;
      const fin = await backend.ingest('POST', `/api/v1/runs/${run_id}/finish`, { status: 'success', finished_at: ago(at - 10), response_time_ms: run.ms });
      expect(fin.status).toBe(200);
    }
  }
  await es('POST', `/${prefix}-runs-*/_refresh`);
}, 120_000);

afterAll(async () => {
  await backend?.stop();
  await dropPrefix(prefix);
});

test('the rules query the index pattern of the runs indices', () => {
  const index = datasources.get('runlens-es-runs')!.jsonData!.index;
  expect(index).toBe(indicesFor('runlens').runsPattern);
  for (const rule of rules) for (const d of rule.data.filter((x: Json) => x.datasourceUid !== '__expr__')) expect(d.datasourceUid).toBe('runlens-es-runs');
});

/** The window of a rule's first query, as the backend's from / to. */
function windowOf(rule: Json) {
  const window = rule.data.find((d: Json) => d.refId === 'A').relativeTimeRange;
  return `from=${encodeURIComponent(new Date(now - window.from * 1000).toISOString())}&to=${encodeURIComponent(new Date(now - window.to * 1000).toISOString())}`;
}

describe('failure rate', () => {
  const rule = ruleByUid('runlens-failure-rate');

  test("the rule's failure rate per script equals the backend's Failure Rate over the same window", async () => {
    const values = await evaluateRule(rule, indicesFor(prefix).runsPattern, now);
    const rate = values.E!; // the rule's failure rate: $D / $C * 100
    const checked: string[] = [];
    for (const script of Object.keys(FAILURES)) {
      const stats = await backend.read(`/api/v1/runs/stats?script=${script}&${windowOf(rule)}`);
      const d = FAILURES[script]!;
      expect(stats.total_runs).toBe(d.failed + d.inProgress + d.success);
      expect(values.C!.get(script)).toBe(stats.total_runs);
      if (stats.failed_runs === 0) {
        // No failed run: no failed series, so no rate and no alert for it (Failure Rate 0).
        expect(rate.has(script)).toBe(false);
        expect(stats.failure_rate).toBe(0);
        continue;
      }
      expect(values.D!.get(script)).toBe(stats.failed_runs);
      expect(Math.round(rate.get(script)! * 100) / 100).toBe(stats.failure_rate);
      checked.push(script);
    }
    expect(checked.sort()).toEqual(['alert-alpha', 'alert-beta', 'alert-gamma']);
    expect(rate.get('alert-alpha')).toBe(25);
  });

  test('fires for the script above the threshold with enough runs, and only for it', async () => {
    const values = await evaluateRule(rule, indicesFor(prefix).runsPattern, now);
    expect(firing(rule, values)).toEqual(['alert-alpha']);
  });
});

describe('P99 response time', () => {
  const rule = ruleByUid('runlens-p99-latency');

  test("the rule's P99 per script is the backend's P99 over the same window (within 1 %), over timed runs only", async () => {
    const values = await evaluateRule(rule, indicesFor(prefix).runsPattern, now);
    for (const [script, d] of Object.entries(LATENCIES)) {
      const stats = await backend.read(`/api/v1/runs/stats?script=${script}&${windowOf(rule)}`);
      expect(stats.total_runs).toBe(d.inWindow.length + d.inProgress);
      expect(values.A!.get(script)).toBe(d.inWindow.length); // runs still in progress have no time
      const p99 = values.B!.get(script)!;
      expect(Math.abs(p99 - stats.p99_ms) / stats.p99_ms).toBeLessThan(0.01);
    }
    expect(values.B!.get('p99-slow')).toBeGreaterThan(4900);
    expect(values.B!.get('p99-recovered')).toBeLessThan(700);
  });

  test('fires for the slow script with enough timed runs, and only for it', async () => {
    const values = await evaluateRule(rule, indicesFor(prefix).runsPattern, now);
    // p99-few is as slow but has too few timed runs; the failure-rate scripts are quick.
    expect(values.B!.get('p99-few')).toBeGreaterThan(2900);
    expect(firing(rule, values)).toEqual(['p99-slow']);
  });
});
