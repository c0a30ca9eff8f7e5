import { freePort, spawnBackend, type BackendProcess } from '../testing/spawnServer';
import { loadConfig } from '../src/config';
import { createEsClient } from '../src/es/client';
import { retryingClient } from '../testing/retryingClient';
import { INGEST, READ, SECURE_ES, secureEs } from './harness';

/**
 * Faults mid-ingest, with clients that retry until they get a 2xx as the SDKs do: the backend
 * is killed (-9) twice and its Elasticsearch once (its own instance, scripts/es.sh on port
 * 9230, never the shared one). Runs start on the last second of last month and finish on
 * the 1st of this one; their logs straddle the month too. Then sent is counted against
 * stored: every acknowledged run and line is there once (0 lost, 0 duplicated).
 */
jest.setTimeout(600_000);

const RUNS = 60;
const LINES = 5;
const prefix = `faults-${process.pid}-${Date.now().toString(36)}`;
// Made once its Elasticsearch runs: the configuration checks the CA file that starting it writes.
let es: ReturnType<typeof createEsClient>;

let port: number;
let backend: BackendProcess;
const startBackend = async () => {
  backend = await spawnBackend({
    prefix,
    esUrl: SECURE_ES.url,
    ingestToken: INGEST,
    readToken: READ,
    port,
    env: { ...SECURE_ES.env(), RETENTION_DAYS: '62' },
  });
};

beforeAll(async () => {
  await secureEs('start');
  es = createEsClient(
    loadConfig({ ...SECURE_ES.env(), RUNLENS_INGEST_TOKENS: INGEST, RUNLENS_READ_TOKENS: READ }),
    { maxRetries: 0, requestTimeout: 10_000 }
  );
  port = await freePort();
  await startBackend();
});
afterAll(async () => {
  await backend?.stop();
  if (!es) {
    return;
  }
  await es.indices
    .delete({ index: `${prefix}-*`, allow_no_indices: true, ignore_unavailable: true })
    .catch(() => undefined);
  await es.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
  await es.close();
});

/** Kills the backend (-9), makes sure nothing answers on its port any more, starts it again. */
async function crashBackend() {
  await backend.kill();
  await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  await startBackend();
}

/** Retries connection errors and 5xx until a 2xx; the backend keeps its port across restarts. */
const send = retryingClient(() => `http://127.0.0.1:${port}`, INGEST);

it('kills the backend and Elasticsearch mid-ingest: 0 lost, 0 duplicated, across a month boundary', async () => {
  const now = new Date();
  const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  const startedAt = (i: number) => new Date(monthStart - 60_000 + i).toISOString();
  const finishedAt = (i: number) => new Date(monthStart + 30_000 + i).toISOString();
  await send('POST', '/api/v1/scripts/billing/deployments', {});

  // Each run's events in order; every third run's finish arrives before its start.
  const ops: Array<() => Promise<void>> = [];
  for (let i = 0; i < RUNS; i++) {
    const id = `fault-run-${i}`;
    const start = () =>
      send('POST', '/api/v1/runs', {
        run_id: id,
        executed_on: startedAt(i),
        script: 'billing',
        function: 'charge',
        source_type: 'api',
        source: 'checkout',
      });
    const finish = () => send('POST', `/api/v1/runs/${id}/finish`, { status: 'success', finished_at: finishedAt(i) });
    const logs = () =>
      send(
        'POST',
        '/api/v1/logs',
        Array.from({ length: LINES }, (_, k) => ({
          run_id: id,
          log_id: `${id}-line-${k}`,
          level: 'info',
          message: `line ${k}`,
          timestamp: k % 2 ? startedAt(i) : finishedAt(i),
        }))
      );
    ops.push(async () => {
      if (i % 3 === 0) {
        await finish();
        await start();
      } else {
        await start();
        await finish();
      }
      await logs();
    });
  }

  let done = 0;
  const faults: Array<Promise<void>> = [];
  const faultAt = new Map<number, () => Promise<void>>([
    [Math.floor(RUNS / 4), crashBackend],
    [Math.floor(RUNS / 2), async () => (await secureEs('kill'), await secureEs('start'))],
    [Math.floor((3 * RUNS) / 4), crashBackend],
  ]);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < ops.length) {
        const op = ops[next++]!;
        await op();
        done++;
        const fault = faultAt.get(done);
        if (fault) {
          faultAt.delete(done);
          faults.push(fault());
        }
      }
    })
  );
  await Promise.all(faults);
  expect(faultAt.size).toBe(0);

  await es.indices.refresh({ index: `${prefix}-*` });
  const runs = await es.search<{ run_id: string; status: string; script: string }>({
    index: `${prefix}-runs-*`,
    size: 1000,
    query: { match_all: {} },
  });
  const runIds = runs.hits.hits.map((h) => h._source!.run_id);
  expect(runIds.length).toBe(RUNS);
  expect(new Set(runIds).size).toBe(RUNS);
  expect(runs.hits.hits.every((h) => h._source!.status === 'success' && h._source!.script === 'billing')).toBe(true);

  const logs = await es.search<{ log_id: string; script: string }>({
    index: `${prefix}-logs-*`,
    size: 1000,
    query: { match_all: {} },
  });
  const logIds = logs.hits.hits.map((h) => h._source!.log_id);
  expect(logIds.length).toBe(RUNS * LINES);
  expect(new Set(logIds).size).toBe(RUNS * LINES);
  // Both sides of the month boundary were written.
  expect(new Set(logs.hits.hits.map((h) => h._index.slice(-10, -3))).size).toBe(2);
  process.stdout.write(
    `faults: sent ${RUNS} runs and ${RUNS * LINES} lines; stored ${runIds.length} and ${logIds.length}\n`
  );
});
