/**
 * RunLens demo data generator. Uses only the backend's public HTTP API.
 *
 *   npm run demo -- [--days 7] [--rate 6] [--live-rate 12] [--no-live] [--no-backfill] ...
 *
 * Backfills a week of history (skipped when the demo scripts already exist), then keeps
 * producing live runs until stopped. Flags fall back to environment variables (.env).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { RunLensClient } from './client';
import { CATALOG } from './catalog';
import { backfill, live } from './generator';

const HELP = `RunLens demo data generator

Options (environment variable in brackets):
  --url URL            backend base URL [RUNLENS_URL] (default http://127.0.0.1:$BACKEND_PORT, 8080)
  --ingest-token T     ingest-scope token [RUNLENS_INGEST_TOKEN]
  --read-token T       read-scope token, to skip a backfill already done [RUNLENS_READ_TOKEN]
  --days N             days of history to backfill [DEMO_BACKFILL_DAYS] (default 7)
  --rate N             backfilled runs per script per hour, on average [DEMO_BACKFILL_RATE] (default 6)
  --live-rate N        live runs per minute over all scripts [DEMO_LIVE_RATE] (default 12)
  --redeploy-every M   live: deploy the next version of one script every M minutes [DEMO_REDEPLOY_MINUTES] (default 30, 0 = never)
  --concurrency N      parallel requests while backfilling (default 8)
  --seed N             random seed (default: time based)
  --no-backfill        only live runs
  --force-backfill     backfill even when the demo scripts already exist
  --no-live            stop after the backfill
  --max-live-runs N    stop after N live runs
  -h, --help           this text`;

function num(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') {return fallback;}
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`demo: --${name} must be a non-negative number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

async function main() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      'ingest-token': { type: 'string' },
      'read-token': { type: 'string' },
      days: { type: 'string' },
      rate: { type: 'string' },
      'live-rate': { type: 'string' },
      concurrency: { type: 'string' },
      'redeploy-every': { type: 'string' },
      seed: { type: 'string' },
      'no-backfill': { type: 'boolean', default: false },
      'force-backfill': { type: 'boolean', default: false },
      'no-live': { type: 'boolean', default: false },
      'max-live-runs': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  // Tokens and rates from the repo's .env when run from a checkout (variables already set win).
  const dotenv = resolve(__dirname, '..', '..', '.env');
  if (existsSync(dotenv)) {
    process.loadEnvFile(dotenv);
  }
  const env = process.env;
  const url = (values.url ?? env.RUNLENS_URL ?? `http://127.0.0.1:${env.BACKEND_PORT ?? 8080}`).replace(/\/+$/, '');
  const ingestToken = values['ingest-token'] ?? env.RUNLENS_INGEST_TOKEN;
  const readToken = values['read-token'] ?? env.RUNLENS_READ_TOKEN;
  if (!ingestToken) {
    console.error('demo: an ingest token is needed: --ingest-token or RUNLENS_INGEST_TOKEN');
    process.exit(2);
  }
  const days = num('days', values.days ?? env.DEMO_BACKFILL_DAYS, 7);
  const rate = num('rate', values.rate ?? env.DEMO_BACKFILL_RATE, 6);
  const liveRate = num('live-rate', values['live-rate'] ?? env.DEMO_LIVE_RATE, 12);
  const concurrency = num('concurrency', values.concurrency, 8);
  const redeployMinutes = num('redeploy-every', values['redeploy-every'] ?? env.DEMO_REDEPLOY_MINUTES, 30);
  const seed = num('seed', values.seed, Date.now() % 2 ** 31);
  const maxLiveRuns = values['max-live-runs'] === undefined ? undefined : num('max-live-runs', values['max-live-runs'], 0);
  const log = (line: string) => console.log(`demo: ${line}`);

  const client = new RunLensClient({ url, ingestToken, readToken });
  log(`waiting for the backend at ${url}`);
  await client.waitReady();

  if (!values['no-backfill']) {
    let existing: string[] = [];
    if (readToken) {
      const known = new Set((await client.scripts()).scripts.map((s) => s.script));
      existing = CATALOG.map((p) => p.script).filter((s) => known.has(s));
    } else {
      log('no read token: cannot tell whether the backfill was done before; backfilling');
    }
    if (existing.length > 0 && !values['force-backfill']) {
      log(`backfill skipped: ${existing.join(', ')} already exist (--force-backfill to add more history)`);
    } else {
      await backfill(client, { days, rate, concurrency, seed, log });
    }
  }

  if (values['no-live']) {return;}
  const abort = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log('stopping: finishing the runs in flight');
      abort.abort();
    });
  }
  log(`live: about ${liveRate} runs per minute; Ctrl-C to stop`);
  const res = await live(client, { rate: liveRate, seed, signal: abort.signal, log, maxRuns: maxLiveRuns, redeployEveryMs: redeployMinutes * 60_000 });
  log(`live: ${res.runs} runs sent`);
}

main().catch((err: unknown) => {
  console.error(`demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
