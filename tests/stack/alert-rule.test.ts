/**
 * The provisioned failure-rate alert rule, run for real: its Elasticsearch queries go to the real
 * server (scripts/es.sh) over runs ingested through the real backend, as Grafana's Elasticsearch
 * data source sends them; its reduce and math expressions are applied per script as Grafana's
 * server-side expressions do. The failure rate it computes must equal the backend's Failure Rate
 * (failed ÷ total × 100) over the same window, and it must fire for exactly the script that is
 * over the threshold with enough runs.
 */
import { indicesFor } from '../../backend/src/es/indices';
import { provisionedDatasources, provisioningFiles, yamlFile, type Json } from './repo';
import { dropPrefix, ensureElasticsearch, es, startBackend, uniquePrefix, type Backend } from './services';

const rule = provisioningFiles('alerting').map((f) => yamlFile(f)).find((d) => d.groups)!.groups[0].rules[0];
const datasources = new Map(provisionedDatasources().map((d) => [d.uid, d]));

/** The search Grafana's Elasticsearch data source builds for a count + terms + date_histogram query. */
function grafanaEsSearch(model: Json, from: number, to: number) {
  expect(model.metrics).toEqual([{ id: expect.any(String), type: 'count' }]);
  const [terms, histogram, ...rest] = model.bucketAggs;
  expect(rest).toEqual([]);
  expect(terms.type).toBe('terms');
  expect(histogram.type).toBe('date_histogram');
  const order = terms.settings.orderBy === '_term' ? { _key: terms.settings.order } : { [terms.settings.orderBy]: terms.settings.order };
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
        aggs: {
          [histogram.id]: {
            date_histogram: {
              field: histogram.field,
              fixed_interval: histogram.settings.interval,
              min_doc_count: Number(histogram.settings.min_doc_count),
              extended_bounds: { min: from, max: to },
              format: 'epoch_millis',
            },
          },
        },
      },
    },
  };
}

type Series = Map<string, number[]>; // script -> values
type Numbers = Map<string, number>; // script -> number

/** Runs the rule's Elasticsearch query (refId) on the real server: one series per script. */
async function runQuery(refId: string, index: string, now: number): Promise<Series> {
  const d = rule.data.find((x: Json) => x.refId === refId);
  const from = now - d.relativeTimeRange.from * 1000;
  const to = now - d.relativeTimeRange.to * 1000;
  const res = await es('POST', `/${index}/_search`, grafanaEsSearch(d.model, from, to));
  const [terms, histogram] = d.model.bucketAggs;
  const series: Series = new Map();
  for (const b of res.aggregations[terms.id].buckets) {
    series.set(b.key, b[histogram.id].buckets.map((h: Json) => h.doc_count));
  }
  return series;
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

/** Evaluates the whole rule: every refId, in order. */
async function evaluateRule(index: string, now: number): Promise<Record<string, Numbers>> {
  const values: Record<string, Numbers> = {};
  const series: Record<string, Series> = {};
  for (const d of rule.data) {
    if (d.datasourceUid !== '__expr__') {
      expect(datasources.get(d.datasourceUid)?.type).toBe('elasticsearch');
      series[d.refId] = await runQuery(d.refId, index, now);
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

let backend: Backend;
const prefix = uniquePrefix('alert');
const now = Date.now();
const ago = (s: number) => new Date(now - s * 1000).toISOString();

/** script -> runs in the window (failed, in progress, success) and failed runs before it. */
const DATA: Record<string, { failed: number; inProgress: number; success: number; failedBefore: number }> = {
  'alert-alpha': { failed: 3, inProgress: 1, success: 8, failedBefore: 5 }, // 25 % of 12: fires
  'alert-beta': { failed: 1, inProgress: 0, success: 19, failedBefore: 3 }, // 5 %: below the threshold
  'alert-gamma': { failed: 2, inProgress: 0, success: 2, failedBefore: 0 }, // 50 % but only 4 runs
  'alert-delta': { failed: 0, inProgress: 0, success: 11, failedBefore: 2 }, // no failure in the window
};

beforeAll(async () => {
  await ensureElasticsearch();
  backend = await startBackend(prefix);
  let n = 0;
  for (const [script, d] of Object.entries(DATA)) {
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
  await es('POST', `/${prefix}-runs-*/_refresh`);
}, 120_000);

afterAll(async () => {
  await backend?.stop();
  await dropPrefix(prefix);
});

test('the rule queries the index pattern of the runs indices', () => {
  const index = datasources.get('runlens-es-runs')!.jsonData!.index;
  expect(index).toBe(indicesFor('runlens').runsPattern);
});

test("the rule's failure rate per script equals the backend's Failure Rate over the same window", async () => {
  const values = await evaluateRule(indicesFor(prefix).runsPattern, now);
  const window = rule.data.find((d: Json) => d.refId === 'A').relativeTimeRange;
  const from = new Date(now - window.from * 1000).toISOString();
  const to = new Date(now - window.to * 1000).toISOString();
  const rate = values.E!; // the rule's failure rate: $D / $C * 100
  const checked: string[] = [];
  for (const script of Object.keys(DATA)) {
    const stats = await backend.read(`/api/v1/runs/stats?script=${script}&from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
    const d = DATA[script]!;
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
  const values = await evaluateRule(indicesFor(prefix).runsPattern, now);
  const condition = values[rule.condition]!;
  const firing = [...condition].filter(([, v]) => v !== 0).map(([k]) => k);
  expect(firing).toEqual(['alert-alpha']);
});
