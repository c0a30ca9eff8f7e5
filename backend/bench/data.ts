/** Data generation (seeded, so a size always gives the same data) and loading it with _bulk. */
import { gramsOf } from '../src/filters/substring';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Client } from '@elastic/elasticsearch';
import { type Indices } from '../src/es/indices';
import { rng } from '../test/harness';
import { loadConfig } from '../src/config';
import { DAY, env, opts, progress } from './options';
import { BulkLoader } from './http';

export const rnd = rng(opts.seed);
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
export const randInt = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
export function gaussian(): number {
  const u = 1 - rnd();
  const v = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
export const hex = (n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += Math.floor(rnd() * 16).toString(16);
  }
  return s;
};

export const SCRIPT_NAMES = [
  'invoice-sync',
  'user-onboarding',
  'order-webhook',
  'stock-reconcile',
  'email-digest',
  'image-resize',
  'fx-rates',
  'crm-export',
  'ticket-triage',
  'payment-retry',
  'report-builder',
  'lead-scoring',
  'geo-enrich',
  'pdf-render',
  'slack-notify',
  'data-cleanup',
  'sla-monitor',
  'price-update',
  'churn-predict',
  'audit-archive',
];
export const FUNCTIONS = [
  'handler',
  'main',
  'processOrder',
  'syncCustomers',
  'sendEmail',
  'resizeImage',
  'validateInput',
  'fetchRates',
  'reconcile',
  'notify',
  'transform',
  'enrich',
];
export const SERVICES = [
  'payments-api',
  'crm',
  'postgres',
  'redis',
  's3',
  'stripe',
  'sendgrid',
  'salesforce',
  'inventory-svc',
  'auth-svc',
];
export const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];
export const TABLES = ['orders', 'customers', 'events', 'invoices'];
export const ERRORS = [
  'TimeoutError: upstream timeout after 30000 ms',
  'ECONNRESET: connection reset by peer',
  'ValidationError: field "email" is required',
  "TypeError: Cannot read properties of undefined (reading 'id')",
  'HTTPError: upstream returned 503 Service Unavailable',
  'RateLimitError: 429 Too Many Requests',
];
export const LEVELS: Array<[string, number]> = [
  ['info', 0.55],
  ['debug', 0.15],
  ['stdout', 0.14],
  ['warning', 0.07],
  ['stderr', 0.05],
  ['error', 0.04],
];

export function level(): string {
  let x = rnd();
  for (const [l, p] of LEVELS) {
    if (x < p) {
      return l;
    }
    x -= p;
  }
  return 'info';
}

export function message(lvl: string, fn: string): string {
  const svc = pick(SERVICES);
  switch (lvl) {
    case 'debug':
      return pick([
        `payload size ${randInt(100, 900000)} bytes`,
        `using region ${pick(REGIONS)} for ${svc}`,
        `retry budget ${randInt(0, 5)} of 5 left`,
        `cache miss for key cust:${randInt(1, 99999)}`,
      ]);
    case 'stdout':
      return pick([
        `row ${randInt(1, 50000)}: ok`,
        `${randInt(1, 5000)} rows written to ${pick(TABLES)}`,
        'done',
        `batch ${randInt(1, 300)} flushed`,
      ]);
    case 'stderr':
      return pick([
        `DeprecationWarning: ${svc} client v1 is deprecated`,
        `warning: certificate for ${svc} expires in ${randInt(1, 60)} days`,
        `npm WARN deprecated request@2.88.${randInt(0, 2)}`,
      ]);
    case 'warning':
      return pick([
        `slow response from ${svc}: ${randInt(1000, 9000)} ms`,
        `retrying after timeout contacting ${svc} (attempt ${randInt(1, 3)})`,
        `rate limited by ${svc}, backing off ${randInt(100, 5000)} ms`,
        `input has ${randInt(1, 40)} unknown fields, ignored`,
      ]);
    case 'error':
      return pick([
        `timeout contacting ${svc} after ${randInt(1000, 30000)} ms`,
        `connection reset by peer while calling ${svc}`,
        `ValidationError in ${fn}: field "${pick(['email', 'amount', 'currency', 'sku'])}" is required`,
        `unhandled exception in ${fn}: TypeError: Cannot read properties of undefined`,
        `upstream ${svc} returned ${pick([500, 502, 503, 504])}`,
        `query on ${pick(TABLES)} failed: deadlock detected`,
      ]);
    default:
      return pick([
        `processed ${randInt(1, 5000)} records for customer ${randInt(1, 99999)}`,
        `fetched ${randInt(1, 500)} items from ${svc} in ${randInt(5, 2000)} ms`,
        `request ${hex(12)} completed with status 200`,
        `starting ${fn} with ${randInt(1, 100)} inputs`,
        `wrote ${randInt(1, 300)} rows to ${pick(TABLES)}`,
      ]);
  }
}

export interface ScriptSpec {
  name: string;
  weight: number;
  versions: number;
  functions: Array<{ name: string; mu: number; sigma: number }>;
  sources: { api: string[]; tool: string[] };
}

export function scriptSpecs(): ScriptSpec[] {
  return Array.from({ length: opts.scripts }, (_, i) => {
    const fns = [...FUNCTIONS].sort(() => rnd() - 0.5).slice(0, randInt(2, 5));
    return {
      name: i < SCRIPT_NAMES.length ? SCRIPT_NAMES[i]! : `script-${i + 1}`,
      // Mildly skewed popularity: the busiest script gets about 3× the quietest.
      weight: 1 / (1 + (i * 2) / Math.max(1, opts.scripts - 1)),
      versions: randInt(3, 12),
      functions: fns.map((name) => ({ name, mu: Math.log(randInt(40, 900)), sigma: 0.5 + rnd() * 0.6 })),
      sources: {
        api: Array.from({ length: 3 }, (_, k) => `api-key-${i + 1}-${k + 1}`),
        tool: Array.from({ length: 3 }, (_, k) => `workflow-${randInt(1, 40)}/node-${k + 1}`),
      },
    };
  });
}

/** Loads runs, their logs, scripts and deployments; returns how long it took. */
export async function load(
  es: Client,
  indices: Indices,
  now: number
): Promise<{ seconds: number; runs: number; logs: number }> {
  const specs = scriptSpecs();
  const start = now - opts.days * DAY;
  const names: string[] = [];
  for (let t = start - DAY; t <= now + DAY; t += DAY) {
    names.push(indices.runsIndex(new Date(t)), indices.logsIndex(new Date(t)));
  }
  const unique = [...new Set(names)];
  progress(`creating ${unique.length} indices; refresh off and async translog while loading`);
  for (const index of unique) {
    await es.indices.create({ index }, { ignore: [400] });
  }
  const pattern = [indices.runsPattern, indices.logsPattern];
  await es.indices.putSettings({
    index: pattern,
    settings: { index: { refresh_interval: '-1', translog: { durability: 'async' } } },
  });

  // Scripts and their deployment history.
  for (const s of specs) {
    await es.index({
      index: indices.scripts,
      id: s.name,
      document: {
        script: s.name,
        current_version: s.versions,
        deployed: true,
        updated_at: new Date(now).toISOString(),
      },
    });
    for (let v = 1; v <= s.versions; v++) {
      const at = start + ((v - 1) / s.versions) * (now - start);
      await es.index({
        index: indices.deployments,
        id: `${s.name}#${v}`,
        document: { script: s.name, version: v, deployed_at: new Date(at).toISOString(), undeployed_at: null },
      });
    }
  }

  const total = specs.reduce((a, s) => a + s.weight, 0);
  const cumulative: number[] = [];
  specs.reduce((acc, s) => (cumulative.push((acc + s.weight) / total), acc + s.weight), 0);
  const loader = new BulkLoader(opts.bulkBytes, opts.bulkConcurrency);
  const began = performance.now();
  let lastReport = began;
  let logsDone = 0;
  for (let j = 0; j < opts.runs; j++) {
    const x = rnd();
    let si = cumulative.findIndex((c) => x < c);
    if (si < 0) {
      si = specs.length - 1;
    }
    const s = specs[si]!;
    const fn = pick(s.functions);
    const executed = start + rnd() * (now - start);
    const version = Math.min(s.versions, 1 + Math.floor(((executed - start) / (now - start)) * s.versions));
    const sourceType = rnd() < 0.5 ? 'api' : 'tool';
    const age = now - executed;
    const inProgress = age < 15 * 60_000 ? rnd() < 0.3 : rnd() < 0.002;
    const failed = !inProgress && rnd() < 0.05;
    const rt = Math.round(Math.exp(fn.mu + fn.sigma * gaussian()) * 100) / 100;
    const duration = failed ? Math.round(rt * (0.2 + rnd() * 3)) : rt;
    const finished = inProgress ? null : Math.min(now, executed + duration);
    const runId = randomUUID();
    const runDoc = {
      run_id: runId,
      script: s.name,
      function: fn.name,
      status: inProgress ? 'in_progress' : failed ? 'failed' : 'success',
      deployment_version: version,
      response_time_ms: inProgress || failed ? null : rt,
      executed_on: new Date(executed).toISOString(),
      finished_at: finished === null ? null : new Date(finished).toISOString(),
      source_type: sourceType,
      source: pick(s.sources[sourceType]),
      input: { customer_id: randInt(1, 99999), items: randInt(1, 50), dry_run: rnd() < 0.1 },
      output: inProgress || failed ? null : { ok: true, processed: randInt(1, 5000) },
      error: failed ? pick(ERRORS) : null,
      trace_id: hex(32),
      started: true,
      updated_at: new Date(finished ?? executed).toISOString(),
    };
    await loader.add(indices.runsIndex(new Date(executed)), runId, { ...runDoc, error_grams: gramsOf(runDoc.error) });

    // Logs spread evenly over the runs (exact total), in time order within the run.
    const n = Math.floor(((j + 1) * opts.logs) / opts.runs) - Math.floor((j * opts.logs) / opts.runs);
    const span = finished === null ? Math.min(age, 60_000) : finished - executed;
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const lvl = failed && last ? 'error' : level();
      const ts = Math.min(now, executed + (span * (i + 1)) / (n + 1));
      const logId = `${runId}:${i}`;
      const msg = failed && last ? `${runDoc.error} in ${fn.name}` : message(lvl, fn.name);
      await loader.add(indices.logsIndex(new Date(ts)), logId, {
        log_id: logId,
        run_id: runId,
        script: s.name,
        function: fn.name,
        deployment_version: version,
        source: runDoc.source,
        source_type: sourceType,
        level: lvl,
        message: msg,
        message_grams: gramsOf(msg),
        timestamp: new Date(ts).toISOString(),
        seq: Math.floor(ts) * 1000 + i,
        trace_id: runDoc.trace_id,
        span_id: hex(16),
        traceparent: `00-${runDoc.trace_id}-${hex(16)}-01`,
        attributes: null,
      });
    }
    logsDone += n;
    const t = performance.now();
    if (t - lastReport > 10_000) {
      lastReport = t;
      const docs = loader.sent;
      progress(
        `loading: ${j + 1}/${opts.runs} runs, ${logsDone}/${opts.logs} logs generated; ${docs} docs acknowledged (${Math.round(docs / ((t - began) / 1000))} docs/s)`
      );
    }
  }
  await loader.drain();
  progress('loaded; restoring refresh/translog settings and refreshing');
  await es.indices.putSettings({
    index: pattern,
    // Back to what the backend's templates give its indices.
    settings: {
      index: { refresh_interval: loadConfig(env()).ES_REFRESH_INTERVAL, translog: { durability: 'request' } },
    },
  });
  await es.indices.refresh({ index: [...pattern, indices.scripts, indices.deployments] });
  const seconds = (performance.now() - began) / 1000;
  progress(`load took ${seconds.toFixed(1)} s (${Math.round((opts.runs + opts.logs) / seconds)} docs/s)`);
  return { seconds, runs: opts.runs, logs: opts.logs };
}
