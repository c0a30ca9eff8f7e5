/** The benchmark's command-line options and the backend environment it sets up. */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

export const DAY = 86_400_000;
export const INGEST_TOKEN = 'bench-ingest-token-000000000001';
export const READ_TOKEN = 'bench-read-token-0000000000001';

export const { values: argv } = parseArgs({
  options: {
    runs: { type: 'string' },
    logs: { type: 'string' },
    scripts: { type: 'string' },
    days: { type: 'string', default: '30' },
    full: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    prefix: { type: 'string', default: 'bench' },
    'es-url': { type: 'string', default: 'http://127.0.0.1:9200' },
    // ES_SHARDS / ES_REPLICAS of the bench's indices (both sides read the same indices): a
    // cluster (scripts/es.sh cluster) is measured with e.g. --shards 3 --replicas 1.
    shards: { type: 'string', default: '1' },
    replicas: { type: 'string', default: '0' },
    iterations: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '20' },
    // Untimed reads through the API right after the backend starts (see bench.ts).
    'backend-warmup': { type: 'string', default: '200' },
    'ingest-lines': { type: 'string', default: '200000' },
    'ingest-batch': { type: 'string', default: '1000' },
    'ingest-clients': { type: 'string', default: '4' },
    // Only the ingest section (no reads, export or real-time part): for profiling ingest.
    'ingest-only': { type: 'boolean', default: false },
    // Only the export section: for profiling exports.
    'export-only': { type: 'boolean', default: false },
    // The real-time section (./realtime.ts); 0 skips a part.
    tails: { type: 'string', default: '100' },
    'tail-lines': { type: 'string', default: '30' },
    'otlp-lines': { type: 'string', default: '50000' },
    'sdk-records': { type: 'string', default: '20000' },
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

export function int(name: string, v: string | undefined, fallback: number, min = 0): number {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`bench: --${name} must be an integer ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
}

export const opts = {
  runs: int('runs', argv.runs, argv.full ? 1_000_000 : 50_000, 1),
  logs: int('logs', argv.logs, argv.full ? 5_000_000 : 250_000),
  scripts: int('scripts', argv.scripts, 20, 1),
  days: int('days', argv.days, 30, 7),
  keep: argv.keep,
  prefix: argv.prefix,
  esUrl: argv['es-url'],
  shards: int('shards', argv.shards, 1, 1),
  replicas: int('replicas', argv.replicas, 0, 0),
  iterations: int('iterations', argv.iterations, 100, 1),
  warmup: int('warmup', argv.warmup, 20),
  backendWarmup: int('backend-warmup', argv['backend-warmup'], 200),
  ingestLines: int('ingest-lines', argv['ingest-lines'], 200_000, 0),
  ingestBatch: int('ingest-batch', argv['ingest-batch'], 1000, 1),
  ingestClients: int('ingest-clients', argv['ingest-clients'], 4, 1),
  ingestOnly: argv['ingest-only'],
  exportOnly: argv['export-only'],
  tails: int('tails', argv.tails, 100, 0),
  tailLines: int('tail-lines', argv['tail-lines'], 30, 1),
  otlpLines: int('otlp-lines', argv['otlp-lines'], 50_000, 0),
  sdkRecords: int('sdk-records', argv['sdk-records'], 20_000, 0),
  bulkConcurrency: int('bulk-concurrency', argv['bulk-concurrency'], 3, 1),
  bulkBytes: int('bulk-bytes', argv['bulk-bytes'], 5_000_000, 10_000),
  logLevel: argv['log-level'],
  inProcess: argv['in-process'],
  profileDir: argv['profile-dir'],
  seed: int('seed', argv.seed, 42),
  word: argv.word,
};

export const env = (): NodeJS.ProcessEnv => ({
  ES_URL: opts.esUrl,
  ES_INDEX_PREFIX: opts.prefix,
  ES_SHARDS: String(opts.shards),
  ES_REPLICAS: String(opts.replicas),
  RUNLENS_INGEST_TOKENS: INGEST_TOKEN,
  RUNLENS_READ_TOKENS: READ_TOKEN,
  LOG_LEVEL: opts.logLevel,
  PORT: '0',
  HOST: '127.0.0.1',
  // The generated data (--days, at most a few weeks) stays well inside retention and the
  // event window; 1000 days is the most config.ts allows.
  RETENTION_DAYS: '1000',
  // Export files of the export section; removed again with the data.
  EXPORT_DIR: `${os.tmpdir()}/runlens-bench-exports`,
});

export const t0 = performance.now();
export function progress(msg: string) {
  process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(1).padStart(7)}s] ${msg}\n`);
}
