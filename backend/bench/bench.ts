/**
 * RunLens benchmark harness (`npm run bench`).
 *
 * Loads a generated data set into the same index templates the backend uses, starts the
 * backend (a child process by default, `--in-process` to run it in this process), then
 * times each read beside the very same Elasticsearch request sent straight to Elasticsearch
 * (built with the backend's own query builders), and API ingest beside raw `_bulk`.
 * Prints one JSON object to stdout; progress goes to stderr.
 *
 *   tsx bench/bench.ts [--runs N] [--logs M] [--scripts 20] [--days 30] [--full] [--keep]
 *                      [--prefix bench] [--iterations 100] [--warmup 20]
 *                      [--ingest-lines 200000] [--ingest-batch 1000] [--ingest-clients 4]
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Client, estypes } from '@elastic/elasticsearch';
import pino from 'pino';
import { createApp } from '../src/app';
import { type Config, loadConfig } from '../src/config';
import { createEsClient } from '../src/es/client';
import { ensureIndices, type Indices, indicesFor } from '../src/es/indices';
import { logPage as logPageSchema, logSelection as logSelectionSchema, runPage as runPageSchema, runSelection as runSelectionSchema } from '@runlens/contract';
import { logsListRequest } from '../src/logs/queries';
import { EXACT_PERCENTILE_LIMIT, metricsOf, refinePercentiles } from '../src/runs/metrics';
import { runsListRequest, runsQuery, statsRequest } from '../src/runs/queries';
import { rng } from '../test/harness';
import { exportBench } from './exportBench';

// ---------------------------------------------------------------------------------------------
// Options

const DAY = 86_400_000;
const INGEST_TOKEN = 'bench-ingest-token-000000000001';
const READ_TOKEN = 'bench-read-token-0000000000001';

const { values: argv } = parseArgs({
  options: {
    runs: { type: 'string' },
    logs: { type: 'string' },
    scripts: { type: 'string' },
    days: { type: 'string', default: '30' },
    full: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    prefix: { type: 'string', default: 'bench' },
    'es-url': { type: 'string', default: 'http://127.0.0.1:9200' },
    iterations: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '20' },
    'ingest-lines': { type: 'string', default: '200000' },
    'ingest-batch': { type: 'string', default: '1000' },
    'ingest-clients': { type: 'string', default: '4' },
    'bulk-concurrency': { type: 'string', default: '3' },
    'bulk-bytes': { type: 'string', default: '5000000' },
    'log-level': { type: 'string', default: 'info' },
    'in-process': { type: 'boolean', default: false },
    // Writes a V8 CPU profile of the backend child process into this directory.
    'profile-dir': { type: 'string' },
    seed: { type: 'string', default: '42' },
    word: { type: 'string', default: 'timeout' },
    // Internal: the child process that serves the backend.
    serve: { type: 'boolean', default: false },
  },
  strict: true,
});

function int(name: string, v: string | undefined, fallback: number, min = 0): number {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`bench: --${name} must be an integer ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
}

const opts = {
  runs: int('runs', argv.runs, argv.full ? 1_000_000 : 50_000, 1),
  logs: int('logs', argv.logs, argv.full ? 5_000_000 : 250_000),
  scripts: int('scripts', argv.scripts, 20, 1),
  days: int('days', argv.days, 30, 7),
  keep: argv.keep,
  prefix: argv.prefix,
  esUrl: argv['es-url'],
  iterations: int('iterations', argv.iterations, 100, 1),
  warmup: int('warmup', argv.warmup, 20),
  ingestLines: int('ingest-lines', argv['ingest-lines'], 200_000, 0),
  ingestBatch: int('ingest-batch', argv['ingest-batch'], 1000, 1),
  ingestClients: int('ingest-clients', argv['ingest-clients'], 4, 1),
  bulkConcurrency: int('bulk-concurrency', argv['bulk-concurrency'], 3, 1),
  bulkBytes: int('bulk-bytes', argv['bulk-bytes'], 5_000_000, 10_000),
  logLevel: argv['log-level'],
  inProcess: argv['in-process'],
  profileDir: argv['profile-dir'],
  seed: int('seed', argv.seed, 42),
  word: argv.word,
};

const env = (): NodeJS.ProcessEnv => ({
  ES_URL: opts.esUrl,
  ES_INDEX_PREFIX: opts.prefix,
  RUNLENS_INGEST_TOKENS: INGEST_TOKEN,
  RUNLENS_READ_TOKENS: READ_TOKEN,
  LOG_LEVEL: opts.logLevel,
  PORT: '0',
  HOST: '127.0.0.1',
  // The generated data is all inside the window; never let retention touch it.
  RETENTION_DAYS: '3650',
  EXPORT_DIR: `${os.tmpdir()}/runlens-bench-exports`,
});

const t0 = performance.now();
function progress(msg: string) {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)}s] ${msg}\n`);
}

// ---------------------------------------------------------------------------------------------
// Plain HTTP with keep-alive (bulk bodies are prebuilt strings; API calls are real HTTP).

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

interface HttpResult {
  status: number;
  text: string;
}

/**
 * One HTTP request. A kept-alive socket the server closed while idle fails with a reset; every
 * request here is idempotent (GETs, writes with ids), so it is sent again, at most twice.
 */
async function request(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string
): Promise<HttpResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce(url, method, headers, body);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 2 || (code !== 'ECONNRESET' && code !== 'EPIPE')) {
        throw err;
      }
    }
  }
}

function requestOnce(url: string, method: string, headers: Record<string, string>, body?: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      url,
      { method, agent, headers: payload ? { ...headers, 'content-length': String(payload.length) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      }
    );
    req.setTimeout(120_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts an NDJSON `_bulk` body (index actions only); retries lines pushed back with 429, boundedly. */
async function bulk(body: string): Promise<number> {
  let pending = body;
  for (let attempt = 0; attempt < 8; attempt++) {
    if (attempt > 0) {
      await sleep(200 * 2 ** Math.min(attempt, 5));
    }
    const res = await request(
      `${opts.esUrl}/_bulk?filter_path=errors,items.*.status,items.*.error`,
      'POST',
      { 'content-type': 'application/x-ndjson' },
      pending
    );
    if (res.status === 429 || res.status === 503) {
      continue;
    }
    if (res.status !== 200) {
      throw new Error(`_bulk ${res.status}: ${res.text.slice(0, 500)}`);
    }
    const parsed = JSON.parse(res.text) as {
      errors: boolean;
      items?: Array<Record<string, { status: number; error?: { type: string; reason?: string } }>>;
    };
    if (!parsed.errors) {
      return attempt;
    }
    const lines = pending.split('\n');
    const retry: string[] = [];
    parsed.items!.forEach((item, i) => {
      const r = Object.values(item)[0]!;
      if (!r.error) {
        return;
      }
      if (r.status === 429 || r.status >= 500) {
        retry.push(lines[2 * i]!, lines[2 * i + 1]!);
      } else {
        throw new Error(`_bulk rejected a document: ${r.error.type}: ${r.error.reason ?? ''}`);
      }
    });
    if (retry.length === 0) {
      return attempt;
    }
    pending = retry.join('\n') + '\n';
  }
  throw new Error('_bulk: still pushed back after 8 attempts');
}

/** Accumulates index actions into bulk bodies and keeps a few requests in flight. */
class BulkLoader {
  private parts: string[] = [];
  private bytes = 0;
  private docs = 0;
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown = null;
  sent = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly concurrency: number
  ) {}

  async add(index: string, id: string, doc: unknown): Promise<void> {
    const line = `{"index":{"_index":"${index}","_id":${JSON.stringify(id)}}}\n${JSON.stringify(doc)}\n`;
    this.parts.push(line);
    this.bytes += line.length;
    this.docs += 1;
    if (this.bytes >= this.maxBytes) {
      await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.failure) {
      throw this.failure;
    }
    if (this.docs === 0) {
      return;
    }
    const body = this.parts.join('');
    const n = this.docs;
    this.parts = [];
    this.bytes = 0;
    this.docs = 0;
    while (this.inflight.size >= this.concurrency) {
      await Promise.race(this.inflight);
    }
    if (this.failure) {
      throw this.failure;
    }
    const p: Promise<void> = bulk(body)
      .then(() => {
        this.sent += n;
      })
      .catch((err) => {
        this.failure = err;
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  async drain(): Promise<void> {
    await this.flush();
    await Promise.all(this.inflight);
    if (this.failure) {
      throw this.failure;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Data generation (seeded, so a size always gives the same data)

const rnd = rng(opts.seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const randInt = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
function gaussian(): number {
  const u = 1 - rnd();
  const v = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
const hex = (n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += Math.floor(rnd() * 16).toString(16);
  }
  return s;
};

const SCRIPT_NAMES = [
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
const FUNCTIONS = [
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
const SERVICES = [
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
const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];
const TABLES = ['orders', 'customers', 'events', 'invoices'];
const ERRORS = [
  'TimeoutError: upstream timeout after 30000 ms',
  'ECONNRESET: connection reset by peer',
  'ValidationError: field "email" is required',
  "TypeError: Cannot read properties of undefined (reading 'id')",
  'HTTPError: upstream returned 503 Service Unavailable',
  'RateLimitError: 429 Too Many Requests',
];
const LEVELS: Array<[string, number]> = [
  ['info', 0.55],
  ['debug', 0.15],
  ['stdout', 0.14],
  ['warning', 0.07],
  ['stderr', 0.05],
  ['error', 0.04],
];

function level(): string {
  let x = rnd();
  for (const [l, p] of LEVELS) {
    if (x < p) {
      return l;
    }
    x -= p;
  }
  return 'info';
}

function message(lvl: string, fn: string): string {
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

interface ScriptSpec {
  name: string;
  weight: number;
  versions: number;
  functions: Array<{ name: string; mu: number; sigma: number }>;
  sources: { api: string[]; tool: string[] };
}

function scriptSpecs(): ScriptSpec[] {
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
async function load(
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
    await loader.add(indices.runsIndex(new Date(executed)), runId, runDoc);

    // Logs spread evenly over the runs (exact total), in time order within the run.
    const n = Math.floor(((j + 1) * opts.logs) / opts.runs) - Math.floor((j * opts.logs) / opts.runs);
    const span = finished === null ? Math.min(age, 60_000) : finished - executed;
    for (let i = 0; i < n; i++) {
      const last = i === n - 1;
      const lvl = failed && last ? 'error' : level();
      const ts = Math.min(now, executed + (span * (i + 1)) / (n + 1));
      const logId = `${runId}:${i}`;
      await loader.add(indices.logsIndex(new Date(ts)), logId, {
        log_id: logId,
        run_id: runId,
        script: s.name,
        function: fn.name,
        deployment_version: version,
        source: runDoc.source,
        source_type: sourceType,
        level: lvl,
        message: failed && last ? `${runDoc.error} in ${fn.name}` : message(lvl, fn.name),
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
    settings: { index: { refresh_interval: '1s', translog: { durability: 'request' } } },
  });
  await es.indices.refresh({ index: [...pattern, indices.scripts, indices.deployments] });
  const seconds = (performance.now() - began) / 1000;
  progress(`load took ${seconds.toFixed(1)} s (${Math.round((opts.runs + opts.logs) / seconds)} docs/s)`);
  return { seconds, runs: opts.runs, logs: opts.logs };
}

// ---------------------------------------------------------------------------------------------
// The backend under test

interface Backend {
  url: string;
  /** CPU time (user + system, ms) and RSS (MB) of the backend process; null when it shares this process. */
  usage(): Promise<{ cpu_ms: number; rss_mb: number } | null>;
  stop(): Promise<void>;
}

async function serveChild(): Promise<void> {
  const config = loadConfig(process.env);
  const log = pino({ level: config.LOG_LEVEL, base: { service: 'runlens-backend' } });
  const es = createEsClient(config);
  const { app } = createApp(config, es, log);
  const server = app.listen(0, '127.0.0.1', () => {
    process.send?.({ port: (server.address() as AddressInfo).port });
  });
  process.on('message', (m) => {
    if (m === 'usage') {
      const cpu = process.cpuUsage();
      process.send?.({
        usage: { cpu_ms: (cpu.user + cpu.system) / 1000, rss_mb: process.memoryUsage().rss / 1048576 },
      });
    }
  });
  // The parent going away ends this process.
  process.on('disconnect', () => process.exit(0));
}

async function startBackend(config: Config, es: Client): Promise<Backend> {
  if (opts.inProcess) {
    const { app } = createApp(config, es, pino({ level: config.LOG_LEVEL }, pino.destination('/dev/null')));
    const server: http.Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      usage: async () => null,
      stop: () => new Promise((r) => server.close(() => r())),
    };
  }
  const child: ChildProcess = fork(__filename, ['--serve'], {
    env: { ...process.env, ...env() },
    // The server's JSON request log goes nowhere, as it would to a log shipper.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('backend did not start within 60 s')), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    usage: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          resolve(null);
        }, 5000);
        const onMessage = (m: unknown) => {
          const u = (m as { usage?: { cpu_ms: number; rss_mb: number } }).usage;
          if (!u) {
            return;
          }
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(u);
        };
        child.on('message', onMessage);
        child.send('usage');
      }),
    stop: async () => {
      if (child.exitCode !== null) {
        return;
      }
      const exited = new Promise((r) => child.once('exit', r));
      // Disconnecting lets the child exit on its own (and write its profile); SIGTERM if it does not.
      child.disconnect();
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Timing

interface Timing {
  median_ms: number;
  p95_ms: number;
  mean_ms: number;
  min_ms: number;
}

function summarize(xs: number[]): Timing {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  // Median: middle value, or the mean of the two middle ones.
  const mid = s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { median_ms: r(mid), p95_ms: r(q(95)), mean_ms: r(s.reduce((a, b) => a + b, 0) / s.length), min_ms: r(s[0]!) };
}

/** Each request gets its own time window, so neither side is answered from Elasticsearch's request cache. */
// A random start keeps a rerun over a kept data set off the windows of the previous run.
let windowCounter = Math.floor(Math.random() * 3600);

interface PairResult {
  api: Timing;
  direct: Timing;
  direct_es_took: Timing;
  ratio: number;
  /** A further contender timed in the same rotation (e.g. the direct work including a second round trip). */
  extra?: Record<string, Timing>;
}

async function timePair(
  name: string,
  params: (windowIndex: number) => Record<string, string>,
  api: (p: Record<string, string>) => Promise<unknown>,
  direct: (p: Record<string, string>) => Promise<{ took?: number }>,
  extra?: { name: string; run: (p: Record<string, string>) => Promise<unknown> }
): Promise<PairResult> {
  const apiMs: number[] = [];
  const directMs: number[] = [];
  const extraMs: number[] = [];
  const took: number[] = [];
  const total = opts.warmup + opts.iterations;
  const timeOne = async (run: (p: Record<string, string>) => Promise<unknown>, into: number[], record: boolean) => {
    const p = params(windowCounter++);
    const s = performance.now();
    const res = await run(p);
    if (record) {
      into.push(performance.now() - s);
    }
    return res;
  };
  for (let i = 0; i < total; i++) {
    const record = i >= opts.warmup;
    const steps: Array<() => Promise<unknown>> = [
      () => timeOne(api, apiMs, record),
      async () => {
        const res = (await timeOne(direct, directMs, record)) as { took?: number };
        if (record) {
          took.push(res.took ?? 0);
        }
      },
    ];
    if (extra) {
      steps.push(() => timeOne(extra.run, extraMs, record));
    }
    // Rotate which goes first so no side always runs on a warmer cache.
    for (let j = 0; j < steps.length; j++) {
      await steps[(i + j) % steps.length]!();
    }
  }
  const a = summarize(apiMs);
  const d = summarize(directMs);
  const ratio = Math.round((a.median_ms / d.median_ms) * 100) / 100;
  const e = extra ? { [extra.name]: summarize(extraMs) } : undefined;
  progress(
    `${name}: api median ${a.median_ms} ms p95 ${a.p95_ms} | direct median ${d.median_ms} ms p95 ${d.p95_ms} | ratio ${ratio}` +
      (e ? ` | ${extra!.name} median ${e[extra!.name]!.median_ms} ms` : '')
  );
  return { api: a, direct: d, direct_es_took: summarize(took), ratio, ...(e ? { extra: e } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Main

interface Discovered {
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
async function discover(es: Client, indices: Indices): Promise<Discovered> {
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

async function deleteBenchData(es: Client, indices: Indices): Promise<void> {
  await es.indices.delete({
    index: [indices.runsPattern, indices.logsPattern, indices.scripts, indices.deployments],
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
async function deleteIngested(es: Client, indices: Indices): Promise<void> {
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

async function ingestBench(backend: Backend, es: Client, indices: Indices, runs: Discovered['ingestRuns']) {
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

async function main() {
  if (argv.serve) {
    return serveChild();
  }
  const config = loadConfig(env());
  const es = createEsClient(config);
  const indices = indicesFor(config.ES_INDEX_PREFIX);
  let backend: Backend | null = null;
  try {
    await measure(config, es, indices, (b) => (backend = b));
  } catch (err) {
    await (backend as Backend | null)?.stop().catch(() => undefined);
    if (!opts.keep) {
      await deleteBenchData(es, indices).catch(() => undefined);
    }
    throw err;
  }
}

async function measure(config: Config, es: Client, indices: Indices, started: (b: Backend | null) => void) {
  // The integ-test distribution has no `GET /` (rest-root module); the nodes list has the version.
  const version = (await es.cat.nodes({ format: 'json', h: ['version'] }))[0]?.version ?? 'unknown';
  progress(`Elasticsearch ${version} at ${opts.esUrl}; prefix ${opts.prefix}; ${os.cpus().length} cores`);

  let backend: Backend | null = null;
  let interrupted = false;
  process.once('SIGINT', () => {
    interrupted = true;
    progress('interrupted; cleaning up');
    void (async () => {
      await backend?.stop().catch(() => undefined);
      if (!opts.keep) {
        await deleteBenchData(es, indices).catch(() => undefined);
      }
      process.exit(130);
    })();
  });

  let loadInfo: { seconds: number | null; reused: boolean } = { seconds: null, reused: false };
  const existing = opts.keep
    ? (await es.count({ index: indices.runsPattern, allow_no_indices: true }).catch(() => ({ count: 0 }))).count
    : 0;
  if (opts.keep && existing > 0) {
    progress(`--keep: reusing ${existing} runs already under ${indices.runsPattern}`);
    await ensureIndices(es, config, indices);
    await deleteIngested(es, indices);
    loadInfo = { seconds: null, reused: true };
  } else {
    await deleteBenchData(es, indices);
    await ensureIndices(es, config, indices);
    progress(`loading ${opts.runs} runs and ${opts.logs} logs over ${opts.scripts} scripts, last ${opts.days} days`);
    const l = await load(es, indices, Date.now());
    loadInfo = { seconds: Math.round(l.seconds * 10) / 10, reused: false };
  }
  if (interrupted) {
    return;
  }

  const d = await discover(es, indices);
  progress(`data: ${d.runs} runs, ${d.logs} logs; stats script ${d.script}, function ${d.fn}`);

  backend = await startBackend(config, es);
  started(backend);
  progress(
    `backend at ${backend.url} (${opts.inProcess ? 'in process' : 'child process'}, LOG_LEVEL=${opts.logLevel})`
  );
  const readHeaders = { authorization: `Bearer ${READ_TOKEN}` };
  const apiGet = async (path: string, p: Record<string, string>) => {
    const res = await request(`${backend!.url}${path}?${new URLSearchParams(p)}`, 'GET', readHeaders);
    if (res.status !== 200) {
      throw new Error(`GET ${path} ${res.status}: ${res.text.slice(0, 300)}`);
    }
    return JSON.parse(res.text) as Record<string, unknown>;
  };
  const runSelection = runSelectionSchema;
  const runPage = runPageSchema;
  const logSelection = logSelectionSchema;
  const logPage = logPageSchema;
  // The same window arithmetic for both sides: 7 days ending `k` seconds before the newest run.
  const windowOf = (k: number) => {
    const to = d.anchor - k * 1000;
    return { from: new Date(to - 7 * DAY).toISOString(), to: new Date(to).toISOString() };
  };

  // The API parses these params with the same schemas, so both sides send the same ES request.
  const statsParams = (k: number) => ({ script: d.script, ...windowOf(k) });
  const runsParams = (k: number) => ({
    script: d.script,
    ...windowOf(k),
    filters: JSON.stringify([
      { field: 'status', op: 'is', values: ['failed', 'success'] },
      { field: 'function', op: 'is', values: [d.fn] },
    ]),
    limit: '50',
  });
  const logParams = (script: string | null) => (k: number) => ({
    ...(script ? { script } : {}),
    ...windowOf(k),
    filters: JSON.stringify([
      { field: 'message', op: 'contains', values: [opts.word] },
      { field: 'level', op: 'is', values: ['error'] },
    ]),
    limit: '100',
  });

  const directStats = (p: Record<string, string>) =>
    es.search(statsRequest(indices.runsPattern, runSelection.parse(p)));
  const directRuns = (p: Record<string, string>) =>
    es.search(runsListRequest(indices.runsPattern, runSelection.parse(p), runPage.parse(p)));
  const directLogs = (p: Record<string, string>) =>
    es.search(logsListRequest(indices.logsPattern, logSelection.parse(p), logPage.parse(p)));

  // A kept data set may carry cached results from an earlier run: start as cold as a fresh load.
  await es.indices.clearCache({
    index: [indices.runsPattern, indices.logsPattern],
    request: true,
    query: true,
    fielddata: true,
  });

  // Sanity: on one shared window, the API and the direct request agree.
  const k0 = windowCounter++;
  const statsApi0 = await apiGet('/api/v1/runs/stats', statsParams(k0));
  const statsDirect0 = await directStats(statsParams(k0));
  const timed = (statsDirect0.aggregations as { timed: { value: number } }).timed.value;
  const runsApi0 = await apiGet('/api/v1/runs', runsParams(k0));
  const runsDirect0 = await directRuns(runsParams(k0));
  const logsApi0 = await apiGet('/api/v1/logs', logParams(d.script)(k0));
  const logsDirect0 = await directLogs(logParams(d.script)(k0));
  const logsAllApi0 = await apiGet('/api/v1/logs', logParams(null)(k0));
  const logsAllDirect0 = await directLogs(logParams(null)(k0));
  const totalOf = (r: estypes.SearchResponse) =>
    typeof r.hits.total === 'number' ? r.hits.total : (r.hits.total?.value ?? 0);
  const consistent = {
    stats: statsApi0.total_runs === totalOf(statsDirect0),
    runs_page: runsApi0.total === totalOf(runsDirect0),
    log_search: logsApi0.total === totalOf(logsDirect0),
    log_search_all_scripts: logsAllApi0.total === totalOf(logsAllDirect0),
  };
  progress(
    `sanity: ${JSON.stringify(consistent)}; stats over ${statsApi0.total_runs} runs (${timed} timed), runs page total ${runsApi0.total}, log hits ${logsApi0.total} (all scripts ${logsAllApi0.total})`
  );

  progress(`timing: ${opts.warmup} warm-up + ${opts.iterations} iterations each, API and direct interleaved`);
  // What the stats endpoint does beyond statsRequest: exact percentiles (a second, sequential msearch)
  // when the selection has at most EXACT_PERCENTILE_LIMIT timed runs. Timed too, to locate any gap.
  const directStatsRefined = async (p: Record<string, string>) => {
    const sel = runSelection.parse(p);
    const res = await es.search(statsRequest(indices.runsPattern, sel));
    const aggs = res.aggregations as unknown as Omit<Parameters<typeof metricsOf>[0], 'doc_count'>;
    const metrics = metricsOf({ ...aggs, doc_count: totalOf(res) });
    await refinePercentiles(es, indices.runsPattern, [{ query: runsQuery(sel), timed: aggs.timed.value, metrics }]);
    return metrics;
  };
  const requests = opts.warmup + opts.iterations;
  const withCpu = async (f: () => Promise<PairResult>) => {
    const u0 = await backend!.usage();
    const r = await f();
    const u1 = await backend!.usage();
    return {
      ...r,
      backend_cpu_ms_per_request: u0 && u1 ? Math.round(((u1.cpu_ms - u0.cpu_ms) / requests) * 100) / 100 : null,
    };
  };
  const stats = await withCpu(() =>
    timePair('stats', statsParams, (p) => apiGet('/api/v1/runs/stats', p), directStats, {
      name: 'direct_plus_exact_percentiles',
      run: directStatsRefined,
    })
  );
  // Informational: the quietest script, where fewer timed runs may take the exact-percentile path.
  const quietParams = (k: number) => ({ script: d.quietScript, ...windowOf(k) });
  const quietTimed = ((await directStats(quietParams(windowCounter++))).aggregations as { timed: { value: number } })
    .timed.value;
  const statsQuiet = await withCpu(() =>
    timePair('stats_quiet_script', quietParams, (p) => apiGet('/api/v1/runs/stats', p), directStats, {
      name: 'direct_plus_exact_percentiles',
      run: directStatsRefined,
    })
  );
  const runsPage = await withCpu(() => timePair('runs_page', runsParams, (p) => apiGet('/api/v1/runs', p), directRuns));
  const logSearch = await withCpu(() =>
    timePair('log_search', logParams(d.script), (p) => apiGet('/api/v1/logs', p), directLogs)
  );
  const logSearchAll = await withCpu(() =>
    timePair('log_search_all_scripts', logParams(null), (p) => apiGet('/api/v1/logs', p), directLogs)
  );

  const exported = await exportBench(
    backend,
    es,
    indices,
    READ_TOKEN,
    { from: d.anchor - (opts.days + 1) * DAY, to: d.anchor },
    config.EXPORT_PAGE_SIZE,
    progress
  );

  const ingest = opts.ingestLines > 0 ? await ingestBench(backend, es, indices, d.ingestRuns) : null;

  await backend.stop();
  backend = null;
  started(null);
  if (!opts.keep) {
    progress('deleting bench indices and templates');
    await deleteBenchData(es, indices);
  }

  const queryTarget = (t: PairResult, maxMedian: number, maxRatio: number | null) => ({
    ...t,
    target: { median_ms_max: maxMedian, ...(maxRatio !== null ? { ratio_max: maxRatio } : {}) },
    pass: t.api.median_ms <= maxMedian && (maxRatio === null || t.ratio <= maxRatio),
  });
  const result = {
    size: {
      runs: d.runs,
      logs: d.logs,
      scripts: opts.scripts,
      days: opts.days,
      full_spec_size: d.runs >= 1_000_000 && d.logs >= 5_000_000,
      load_seconds: loadInfo.seconds,
      reused: loadInfo.reused,
    },
    environment: {
      elasticsearch: version,
      cores: os.cpus().length,
      node: process.version,
      backend: opts.inProcess ? 'in-process' : 'child process',
      backend_log_level: opts.logLevel,
      warmup: opts.warmup,
      iterations: opts.iterations,
    },
    consistent,
    stats: {
      ...queryTarget(stats, 50, 1.25),
      query: { script: d.script, range: '7d' },
      total_runs: statsApi0.total_runs,
      timed_runs: timed,
      // The API reads exact percentiles with an extra msearch at or below this many timed runs.
      exact_percentile_refinement: timed > 0 && timed <= EXACT_PERCENTILE_LIMIT,
    },
    stats_quiet_script: {
      ...queryTarget(statsQuiet, 50, 1.25),
      query: { script: d.quietScript, range: '7d' },
      timed_runs: quietTimed,
      exact_percentile_refinement: quietTimed > 0 && quietTimed <= EXACT_PERCENTILE_LIMIT,
    },
    runs_page: {
      ...queryTarget(runsPage, 50, 1.25),
      query: { script: d.script, range: '7d', filters: `status is failed,success AND function is ${d.fn}`, limit: 50 },
      total: runsApi0.total,
    },
    log_search: {
      ...queryTarget(logSearch, 100, null),
      query: {
        script: d.script,
        range: '7d',
        filters: `message contains "${opts.word}" AND level is error`,
        limit: 100,
      },
      total: logsApi0.total,
    },
    log_search_all_scripts: {
      ...queryTarget(logSearchAll, 100, null),
      query: { range: '7d', filters: `message contains "${opts.word}" AND level is error`, limit: 100 },
      total: logsAllApi0.total,
    },
    ingest: ingest
      ? {
          ...ingest,
          target: { api_lines_per_s_min: 20_000, ratio_min: 0.7 },
          pass: ingest.api_lines_per_s >= 20_000 && ingest.ratio >= 0.7,
        }
      : 'skipped',
    export: exported,
    live_tail: 'not_built',
    pass: false,
  };
  result.pass = [
    result.stats.pass,
    result.runs_page.pass,
    result.log_search.pass,
    ingest ? (result.ingest as { pass: boolean }).pass : true,
    exported.pass,
  ].every(Boolean);
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  agent.destroy();
  await es.close();
}

main().catch(async (err) => {
  process.stderr.write(`bench: failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
