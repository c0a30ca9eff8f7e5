/**
 * Node-loss check (`npm run bench:node-loss`), against the local three-node cluster of
 * `scripts/es.sh cluster start`, never the shared Elasticsearch; not part of `npm test` (the
 * cluster takes minutes to form on 2 cores). Starts the backend on node 1 with --shards and
 * --replicas (default 3 and 1), ingests runs (start, finish) and their log lines through the
 * API with clients that retry connection errors and 5xx until a 2xx, stops one other node
 * mid-ingest (`es.sh cluster stop-node N`, or `kill-node N` with --kill: SIGKILL, as in a crash;
 * by default the elected master unless that is node 1),
 * carries on, then checks every acknowledged run and line is stored exactly once. Prints one
 * JSON object; exits 1 on any loss or duplicate. The stopped node is started again at the end.
 *
 *   tsx bench/nodeLoss.ts [--es-url http://127.0.0.1:9270] [--runs 600] [--lines 10]
 *                         [--clients 4] [--shards 3] [--replicas 1] [--node N] [--kill] [--keep-node-down]
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs, promisify } from 'node:util';
import { loadConfig } from '../src/config';
import { createEsClient } from '../src/es/client';
import { retryingClient } from '../testing/retryingClient';
import { spawnBackend } from '../testing/spawnServer';

// Not ./options: that parses the bench's own flags when imported.
const INGEST_TOKEN = 'nodeloss-ingest-token-00000001';
const READ_TOKEN = 'nodeloss-read-token-0000000001';
const t0 = performance.now();
const progress = (msg: string) =>
  process.stderr.write(`[node-loss ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
function int(name: string, v: string | undefined, fallback: number, min: number): number {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`node-loss: --${name} must be an integer ≥ ${min}\n`);
    process.exit(2);
  }
  return n;
}

const { values: argv } = parseArgs({
  options: {
    'es-url': { type: 'string', default: 'http://127.0.0.1:9270' },
    runs: { type: 'string' },
    lines: { type: 'string' },
    clients: { type: 'string' },
    shards: { type: 'string' },
    replicas: { type: 'string' },
    node: { type: 'string' },
    'keep-node-down': { type: 'boolean', default: false },
    // SIGKILL instead of a clean shutdown: the node dies mid-write, as in a crash.
    kill: { type: 'boolean', default: false },
  },
  strict: true,
});
const RUNS = int('runs', argv.runs, 600, 1);
const LINES = int('lines', argv.lines, 10, 1);
const CLIENTS = int('clients', argv.clients, 4, 1);
const SHARDS = int('shards', argv.shards, 3, 1);
const REPLICAS = int('replicas', argv.replicas, 1, 0);
const ES_SH = join(__dirname, '..', '..', 'scripts', 'es.sh');
const run = promisify(execFile);

async function main() {
  const esUrl = argv['es-url'];
  const prefix = `nodeloss-${Date.now().toString(36)}`;
  const es = createEsClient(
    loadConfig({ ES_URL: esUrl, RUNLENS_INGEST_TOKENS: INGEST_TOKEN, RUNLENS_READ_TOKENS: READ_TOKEN }),
    { maxRetries: 0, requestTimeout: 30_000 }
  );
  const nodes = await es.cat.nodes({ format: 'json', h: ['name', 'master', 'http_address'] });
  if (nodes.length < 2) {
    throw new Error(`${esUrl} is ${nodes.length} node(s); start the cluster: bash scripts/es.sh cluster start`);
  }
  // The backend talks to the node behind --es-url (ES_URL names one node): that one stays up.
  const entry = nodes.find((n) => n.http_address?.endsWith(`:${new URL(esUrl).port}`))?.name;
  const master = nodes.find((n) => n.master === '*')?.name;
  const numberOf = (name?: string) => Number(name?.replace('runlens-', ''));
  const victim = argv.node
    ? int('node', argv.node, 0, 1)
    : master && master !== entry
      ? numberOf(master)
      : nodes.map((n) => numberOf(n.name)).find((n) => `runlens-${n}` !== entry)!;
  progress(`${nodes.length} nodes (master ${master}, backend on ${entry}); will stop runlens-${victim}`);

  const backend = await spawnBackend({
    prefix,
    esUrl,
    ingestToken: INGEST_TOKEN,
    readToken: READ_TOKEN,
    env: { ES_SHARDS: String(SHARDS), ES_REPLICAS: String(REPLICAS), LOG_LEVEL: 'error' },
  });
  // Retried attempts by reason: what the node loss looked like to clients.
  const retries: Record<string, number> = {};
  const send = retryingClient(() => backend.url, INGEST_TOKEN, {
    onRetry: (reason) => (retries[reason] = (retries[reason] ?? 0) + 1),
  });
  const ackedRuns: string[] = [];
  const ackedLines: string[] = [];
  let stoppedAt = -1;
  let stopSeconds = 0;
  let healthAfterStop = '';
  try {
    await send('POST', '/api/v1/scripts/nodeloss/deployments', {});
    let next = 0;
    let stopping: Promise<void> | null = null;
    const began = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (next < RUNS) {
          const i = next++;
          const id = `${prefix}-run-${i}`;
          await send('POST', '/api/v1/runs', {
            run_id: id,
            script: 'nodeloss',
            function: 'charge',
            source_type: 'api',
            source: 'node-loss',
          });
          await send('POST', `/api/v1/runs/${id}/finish`, { status: 'success' });
          ackedRuns.push(id);
          const lines = Array.from({ length: LINES }, (_, k) => ({
            run_id: id,
            log_id: `${id}-line-${k}`,
            level: 'info',
            message: `line ${k} of ${id}`,
          }));
          await send('POST', '/api/v1/logs', lines);
          ackedLines.push(...lines.map((l) => l.log_id));
          // A third of the way in, one node goes; ingest carries on while it shuts down.
          if (!stopping && ackedRuns.length >= RUNS / 3) {
            stoppedAt = ackedRuns.length;
            const t = performance.now();
            progress(`${stoppedAt} runs acknowledged: ${argv.kill ? 'killing' : 'stopping'} runlens-${victim}`);
            stopping = run('bash', [ES_SH, 'cluster', argv.kill ? 'kill-node' : 'stop-node', String(victim)]).then(async () => {
              stopSeconds = (performance.now() - t) / 1000;
              const h = await es.cluster.health();
              healthAfterStop = `${h.status}, ${h.number_of_nodes} nodes`;
              progress(`runlens-${victim} stopped after ${stopSeconds.toFixed(1)} s; cluster ${healthAfterStop}`);
            });
          }
        }
      })
    );
    await stopping;
    const ingestSeconds = (performance.now() - began) / 1000;
    progress(`ingest done in ${ingestSeconds.toFixed(1)} s; counting`);

    await es.indices.refresh({ index: `${prefix}-*` });
    const storedRuns = await countIds(es, `${prefix}-runs-*`, 'run_id');
    const storedLines = await countIds(es, `${prefix}-logs-*`, 'log_id');
    const check = (acked: string[], stored: Map<string, number>) => ({
      acknowledged: acked.length,
      distinct_stored: stored.size,
      stored: [...stored.values()].reduce((a, b) => a + b, 0),
      lost: acked.filter((id) => !stored.has(id)).length,
      duplicated: [...stored.values()].filter((n) => n > 1).length,
      unexpected: ((all) => [...stored.keys()].filter((id) => !all.has(id)).length)(new Set(acked)),
    });
    const runs = check(ackedRuns, storedRuns);
    const lines = check(ackedLines, storedLines);
    const ok = [runs, lines].every((c) => c.lost === 0 && c.duplicated === 0 && c.stored === c.acknowledged);
    process.stdout.write(
      `${JSON.stringify(
        {
          ok,
          cluster: {
            nodes: nodes.length,
            shards: SHARDS,
            replicas: REPLICAS,
            stopped: `runlens-${victim}`,
            how: argv.kill ? 'SIGKILL' : 'clean shutdown (SIGTERM)',
          },
          stopped_after_runs: stoppedAt,
          stop_seconds: Math.round(stopSeconds * 10) / 10,
          health_after_stop: healthAfterStop,
          ingest_seconds: Math.round(ingestSeconds * 10) / 10,
          retried_attempts: retries,
          runs,
          lines,
        },
        null,
        2
      )}\n`
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await backend.stop();
    await es.indices
      .delete({ index: `${prefix}-*`, allow_no_indices: true, ignore_unavailable: true })
      .catch(() => undefined);
    await es.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
    if (!argv['keep-node-down']) {
      await run('bash', [ES_SH, 'cluster', 'start-node', String(victim)]).catch(() => undefined);
      progress(`runlens-${victim} started again`);
    }
    await es.close();
  }
}

/** How many documents carry each value of `field` (a terms aggregation, so duplicates show). */
async function countIds(es: ReturnType<typeof createEsClient>, index: string, field: string) {
  const counts = new Map<string, number>();
  let after: Record<string, string> | undefined;
  for (;;) {
    const res = await es.search({
      index,
      size: 0,
      aggs: { ids: { composite: { size: 10_000, sources: [{ id: { terms: { field } } }], after } } },
    });
    const ids = res.aggregations!.ids as {
      buckets: Array<{ key: { id: string }; doc_count: number }>;
      after_key?: { id: string };
    };
    for (const b of ids.buckets) {
      counts.set(b.key.id, b.doc_count);
    }
    if (!ids.after_key || ids.buckets.length === 0) {
      return counts;
    }
    after = ids.after_key;
  }
}

main().catch((err) => {
  process.stderr.write(`node-loss: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
