import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type Api, eventually, pool, rng, startApi } from './harness';

/**
 * What the export suites share: two replicas over the same indices and file directory (A's
 * writer can be held before a page; its pages are 97 rows), the seeded runs and logs, and the
 * calls a user of the export routes makes.
 */
export type Json = Record<string, any>;
export const ALICE = { 'X-Grafana-User': 'alice' };
export const BOB = { 'X-Grafana-User': 'bob' };

let hold: { page: number; released: Promise<void>; reached: () => void } | null = null;
let reachedHold: Promise<void> = Promise.resolve();
/** Holds replica A's writer before page `page` until the returned function is called. */
export function holdAtPage(page: number): () => void {
  let release!: () => void;
  let reached!: () => void;
  reachedHold = new Promise<void>((r) => (reached = r));
  hold = { page, released: new Promise<void>((r) => (release = r)), reached };
  return () => {
    hold = null;
    release();
  };
}
/** Resolves once A's writer is held. */
export const held = () => reachedHold;

export const now = Date.now();
export const t0 = now - 3 * 3_600_000;

export interface Replicas {
  dir: string;
  a: Api;
  b: Api;
}

/** Starts both replicas and seeds 240 runs (shop, billing) and 200 log lines through the API. */
export async function startReplicas(): Promise<Replicas> {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-exports-'));
  const a = await startApi(
    { EXPORT_DIR: dir, EXPORT_PAGE_SIZE: '97' },
    {
      app: {
        exportBeforePage: async (_id, page) => {
          const h = hold;
          if (h && page === h.page) {
            h.reached();
            await h.released;
          }
        },
      },
    }
  );
  // A second replica over the same indices and the same file directory.
  const b = await startApi({ ES_INDEX_PREFIX: a.prefix, EXPORT_DIR: dir });

  for (const script of ['shop', 'billing', 'formulas']) {
    expect((await a.ingest('POST', `/api/v1/scripts/${script}/deployments`)).status).toBe(201);
  }
  const random = rng(10);
  const runs = Array.from({ length: 240 }, (_, i) => ({
    run_id: `r-${String(i).padStart(3, '0')}`,
    script: i % 3 === 0 ? 'billing' : 'shop',
    function: ['checkout', 'refund', 'sync'][Math.floor(random() * 3)]!,
    source_type: random() < 0.5 ? 'api' : 'tool',
    source: ['web', 'cli', 'cron'][Math.floor(random() * 3)]!,
    executed_on: new Date(t0 + i * 20_000).toISOString(),
    input: { n: i, note: 'plain, "quoted"\nand a new line' },
    outcome: random(),
  }));
  await pool(runs, 6, async ({ outcome, ...run }) => {
    expect((await a.ingest('POST', '/api/v1/runs', run)).status).toBe(201);
    if (outcome < 0.15) {
      return; // stays in progress
    }
    const failed = outcome < 0.4;
    const res = await a.ingest('POST', `/api/v1/runs/${run.run_id}/finish`, {
      status: failed ? 'failed' : 'success',
      finished_at: new Date(Date.parse(run.executed_on) + 1500).toISOString(),
      ...(failed ? { error: outcome < 0.25 ? 'card declined' : 'timeout after 30s' } : {}),
      ...(failed ? {} : { response_time_ms: Math.round(outcome * 2000) / 10, output: { ok: true, items: [1, 2] } }),
    });
    expect(res.status).toBe(200);
  });
  const lines = runs.slice(0, 40).flatMap((r, i) =>
    Array.from({ length: 5 }, (_, j) => ({
      log_id: `l-${String(i).padStart(3, '0')}-${j}`,
      run_id: r.run_id,
      level: ['stdout', 'stderr', 'info', 'error', 'debug'][j]!,
      message: j === 3 ? `payment declined for order ${i}` : `step ${j}, "all good"`,
      timestamp: new Date(Date.parse(r.executed_on) + j).toISOString(),
    }))
  );
  expect((await a.ingest('POST', '/api/v1/logs', lines)).status).toBe(200);
  await a.refresh();

  return { dir, a, b };
}

export async function stopReplicas(r: Replicas | undefined): Promise<void> {
  hold = null;
  await r?.b.close();
  await r?.a.close();
  if (r) {
    rmSync(r.dir, { recursive: true, force: true });
  }
}

/** Every row of a list route, page by page through its cursor. */
export async function listAll(api: Api, path: string, query: Json): Promise<Json[]> {
  const rows: Json[] = [];
  let cursor: string | undefined;
  do {
    const res = await api.read(path, { ...query, limit: 100, cursor });
    expect(res.status).toBe(200);
    rows.push(...res.body.rows);
    cursor = res.body.next_cursor ?? undefined;
  } while (cursor);
  return rows;
}

export async function startExport(api: Api, body: Json, user = ALICE) {
  const res = await api.call('POST', '/api/v1/exports', { body, headers: user });
  expect([res.status, res.body]).toEqual([202, expect.anything()]);
  return res.body.export as Json;
}

export async function jobOf(api: Api, id: string, user = ALICE): Promise<Json> {
  const res = await api.call('GET', `/api/v1/exports/${id}`, { headers: user });
  expect(res.status).toBe(200);
  return res.body.export;
}

export async function settled(api: Api, id: string, user = ALICE): Promise<Json> {
  let job: Json = {};
  await eventually(async () => {
    job = await jobOf(api, id, user);
    return !['queued', 'running'].includes(job.state);
  }, 120_000);
  return job;
}

export async function download(api: Api, id: string, user = ALICE) {
  const res = await fetch(`${api.url}/api/v1/exports/${id}/download`, {
    headers: { authorization: `Bearer ${api.config.RUNLENS_READ_TOKENS[0]}`, ...user },
  });
  // Keeps the byte-order mark, which res.text() would drop.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text };
}

export const csvRows = (text: string): Array<Record<string, string>> => parseCsv(text, { bom: true, columns: true });
export const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
export const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : '');

/** A run as its CSV row shows it (every test value here is free of formula characters). */
export const runCells = (r: Json) => ({
  'Run ID': r.run_id,
  Status: r.status,
  'Deployment version': cell(r.deployment_version),
  'Response time (ms)': cell(r.response_time_ms),
  Function: r.function,
  'Executed on': iso(r.executed_on),
  'Source type': r.source_type,
  Source: r.source,
  Script: r.script,
  'Finished at': iso(r.finished_at),
  Error: cell(r.error),
  'Trace ID': cell(r.trace_id),
});

export const logCells = (l: Json) => ({
  Timestamp: iso(l.timestamp),
  'Log message': l.message,
  'Log level': l.level,
  'Log ID': l.log_id,
  'Run ID': l.run_id,
  Script: cell(l.script),
  Function: cell(l.function),
  'Deployment version': cell(l.deployment_version),
  Source: cell(l.source),
  'Trace ID': cell(l.trace_id),
});

export const without = (row: Record<string, string>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));
