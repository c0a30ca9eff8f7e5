import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { type Api, INGEST, eventually, pool, rng, startApi } from './harness';

/**
 * CSV exports against the real Elasticsearch: the file holds exactly the rows the runs and
 * logs lists page through (filters, range, free text, sort), formula cells are neutralised,
 * jobs belong to their Grafana user, a cancel stops the writer from any replica, two replicas
 * serve the same job, the TTL sweep removes files, and a large export streams whole.
 */
jest.setTimeout(180_000);

type Json = Record<string, any>;
const ALICE = { 'X-Grafana-User': 'alice' };
const BOB = { 'X-Grafana-User': 'bob' };

/** Holds replica A's writer before a page, for as long as a test wants. */
let hold: { page: number; released: Promise<void>; reached: () => void } | null = null;
let reachedHold: Promise<void> = Promise.resolve();
function holdAtPage(page: number): () => void {
  let release!: () => void;
  let reached!: () => void;
  reachedHold = new Promise<void>((r) => (reached = r));
  hold = { page, released: new Promise<void>((r) => (release = r)), reached };
  return () => {
    hold = null;
    release();
  };
}

let dir: string;
let a: Api;
let b: Api;
const now = Date.now();
const t0 = now - 3 * 3_600_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlens-exports-'));
  a = await startApi(
    { EXPORT_DIR: dir, EXPORT_PAGE_SIZE: '97' },
    {
      exportBeforePage: async (_id, page) => {
        const h = hold;
        if (h && page === h.page) {
          h.reached();
          await h.released;
        }
      },
    }
  );
  // A second replica over the same indices and the same file directory.
  b = await startApi({ ES_INDEX_PREFIX: a.prefix, EXPORT_DIR: dir });

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
}, 180_000);

afterAll(async () => {
  hold = null;
  await b?.close();
  await a?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of a list route, page by page through its cursor. */
async function listAll(api: Api, path: string, query: Json): Promise<Json[]> {
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

async function startExport(api: Api, body: Json, user = ALICE) {
  const res = await api.call('POST', '/api/v1/exports', { body, headers: user });
  expect([res.status, res.body]).toEqual([202, expect.anything()]);
  return res.body.export as Json;
}

async function jobOf(api: Api, id: string, user = ALICE): Promise<Json> {
  const res = await api.call('GET', `/api/v1/exports/${id}`, { headers: user });
  expect(res.status).toBe(200);
  return res.body.export;
}

async function settled(api: Api, id: string, user = ALICE): Promise<Json> {
  let job: Json = {};
  await eventually(async () => {
    job = await jobOf(api, id, user);
    return !['queued', 'running'].includes(job.state);
  }, 120_000);
  return job;
}

async function download(api: Api, id: string, user = ALICE) {
  const res = await fetch(`${api.url}/api/v1/exports/${id}/download`, {
    headers: { authorization: `Bearer ${api.config.RUNLENS_READ_TOKENS[0]}`, ...user },
  });
  // Keeps the byte-order mark, which res.text() would drop.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, text };
}

const csvRows = (text: string): Array<Record<string, string>> => parseCsv(text, { bom: true, columns: true });
const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : '');

/** A run as its CSV row shows it (every test value here is free of formula characters). */
const runCells = (r: Json) => ({
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

const logCells = (l: Json) => ({
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

const without = (row: Record<string, string>, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

describe('an export holds exactly the rows the table shows', () => {
  const runCases: Array<[string, Json]> = [
    ['one script, default sort', { script: ['shop'] }],
    [
      'two scripts, failed OR refund, by response time ascending',
      {
        script: ['shop', 'billing'],
        filters: [
          { field: 'status', op: 'is', values: ['failed'] },
          { field: 'function', op: 'is', values: ['refund'] },
        ],
        match: 'any',
        sort: 'response_time_ms',
        order: 'asc',
      },
    ],
    [
      'a sub-range with free text, by function',
      {
        from: new Date(t0 + 600_000).toISOString(),
        to: new Date(t0 + 3_000_000).toISOString(),
        q: 'declined',
        sort: 'function',
        order: 'asc',
      },
    ],
    [
      'response time between, by run id',
      {
        script: ['shop'],
        filters: [{ field: 'response_time_ms', op: 'between', values: [20, 150] }],
        sort: 'run_id',
        order: 'asc',
      },
    ],
  ];

  it.each(runCases)('runs: %s', async (_name, selection) => {
    const expected = await listAll(a, '/api/v1/runs', selection);
    expect(expected.length).toBeGreaterThan(0);
    const job = await startExport(a, { kind: 'runs', ...selection });
    expect(job).toMatchObject({ kind: 'runs', state: 'running', rows_expected: expected.length });
    expect(await settled(a, job.id)).toMatchObject({ state: 'done', rows_written: expected.length });
    const file = await download(a, job.id);
    expect(file.status).toBe(200);
    const rows = csvRows(file.text);
    expect(rows.map((r) => without(r, 'Input', 'Output'))).toEqual(expected.map(runCells));
  });

  it('runs carry their input and output as JSON text', async () => {
    const job = await startExport(a, { kind: 'runs', script: ['billing'], sort: 'run_id', order: 'asc' });
    await settled(a, job.id);
    const rows = csvRows((await download(a, job.id)).text);
    expect(rows.length).toBe(80);
    for (const row of rows.slice(0, 20)) {
      const record = (await a.read(`/api/v1/runs/${row['Run ID']}`)).body.run;
      expect([row['Input'], row['Output']]).toEqual([
        JSON.stringify(record.input),
        record.output === null ? '' : JSON.stringify(record.output),
      ]);
      expect(JSON.parse(row['Input']!).note).toBe('plain, "quoted"\nand a new line');
    }
  });

  it('logs: filters, free text and sort as GET /api/v1/logs', async () => {
    const selection = {
      script: ['shop', 'billing'],
      filters: [{ field: 'level', op: 'is_not', values: ['debug'] }],
      q: 'payment',
      sort: 'run_id',
      order: 'desc',
    };
    const expected = await listAll(a, '/api/v1/logs', selection);
    expect(expected.length).toBe(40);
    const job = await startExport(a, { kind: 'logs', ...selection });
    expect((await settled(a, job.id)).state).toBe('done');
    const file = await download(a, job.id);
    expect(csvRows(file.text)).toEqual(expected.map(logCells));
    expect(file.headers.get('content-disposition')).toBe('attachment; filename=shop+billing_logs_data.csv');
  });

  it('names the file after the script and sends it as CSV', async () => {
    const job = await startExport(a, { kind: 'runs', script: 'shop' });
    await settled(a, job.id);
    const file = await download(a, job.id);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename=shop_runs_data.csv');
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.text).toMatch(/^\uFEFFRun ID,Status,/);
  });

  it('an empty selection gives a file with the header only', async () => {
    const job = await startExport(a, { kind: 'logs', script: ['nobody'] });
    expect(await settled(a, job.id)).toMatchObject({ state: 'done', rows_expected: 0, rows_written: 0 });
    const file = await download(a, job.id);
    expect(csvRows(file.text)).toEqual([]);
    expect(file.text).toMatch(/^\uFEFFTimestamp,Log message,/);
  });

  it('refuses a bad selection naming the field', async () => {
    const res = await a.call('POST', '/api/v1/exports', {
      body: { kind: 'runs', filters: [{ field: 'status', op: 'gt', values: [1] }] },
      headers: ALICE,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: Json) => d.path)).toEqual(['body.filters[0].op']);
    const sort = await a.call('POST', '/api/v1/exports', { body: { kind: 'logs', sort: 'nope' }, headers: ALICE });
    expect([sort.status, sort.body.error.details.map((d: Json) => d.path)]).toEqual([400, ['body.sort']]);
    const kind = await a.call('POST', '/api/v1/exports', { body: { kind: 'traces' }, headers: ALICE });
    expect([kind.status, kind.body.error.details[0].path]).toEqual([400, 'body.kind']);
  });
});

describe('formula cells', () => {
  it('are neutralised with a leading single quote; numbers are left alone', async () => {
    const run = {
      run_id: 'f-1',
      script: 'formulas',
      function: '=HYPERLINK("http://x","y")',
      source_type: 'api',
      source: '+cmd|calc',
      executed_on: new Date(now - 60_000).toISOString(),
      input: -5,
    };
    expect((await a.ingest('POST', '/api/v1/runs', run)).status).toBe(201);
    await a.ingest('POST', '/api/v1/runs/f-1/finish', { status: 'failed', error: '-2+3' });
    await a.ingest('POST', '/api/v1/runs', {
      ...run,
      run_id: 'f-2',
      function: '@SUM(A1)',
      source: '\tTAB',
      input: '=1',
    });
    await a.ingest('POST', '/api/v1/runs/f-2/finish', { status: 'success', response_time_ms: 0.5, output: 'ok' });
    await a.ingest('POST', '/api/v1/logs', [{ run_id: 'f-1', level: 'info', message: '\rcarriage' }]);
    await a.refresh();

    const job = await startExport(a, { kind: 'runs', script: 'formulas', sort: 'run_id', order: 'asc' });
    await settled(a, job.id);
    const [f1, f2] = csvRows((await download(a, job.id)).text);
    expect(f1).toMatchObject({
      Function: `'=HYPERLINK("http://x","y")`,
      Source: "'+cmd|calc",
      Error: "'-2+3",
      // JSON text is text: the number -5 as input is written as the text -5, so it is neutralised.
      Input: "'-5",
      'Deployment version': '1',
    });
    expect(f2).toMatchObject({
      Function: "'@SUM(A1)",
      Source: "'\tTAB",
      Input: '"=1"',
      Output: '"ok"',
      'Response time (ms)': '0.5',
    });
    const logs = await startExport(a, { kind: 'logs', script: 'formulas' });
    await settled(a, logs.id);
    expect(csvRows((await download(a, logs.id)).text)[0]!['Log message']).toBe("'\rcarriage");
  });
});

describe('ownership', () => {
  it('refuses a request without a Grafana user (400 naming the header)', async () => {
    for (const [method, path] of [
      ['POST', '/api/v1/exports'],
      ['GET', '/api/v1/exports'],
      ['GET', '/api/v1/exports/00000000-0000-4000-8000-000000000000'],
      ['DELETE', '/api/v1/exports/00000000-0000-4000-8000-000000000000'],
    ] as const) {
      const res = await a.call(method, path, { body: method === 'POST' ? { kind: 'runs' } : undefined });
      expect([method, path, res.status, res.body.error.details[0]?.path]).toEqual([
        method,
        path,
        400,
        'headers.x-grafana-user',
      ]);
    }
    // The read token stays required too: a user header is no credential.
    expect((await a.call('GET', '/api/v1/exports', { token: null, headers: ALICE })).status).toBe(401);
    expect((await a.call('GET', '/api/v1/exports', { token: INGEST, headers: ALICE })).status).toBe(403);
  });

  it("scopes listing, progress, download and cancel to the job's user", async () => {
    const release = holdAtPage(1);
    const job = await startExport(a, { kind: 'runs', script: 'shop' });
    await reachedHold;
    try {
      expect((await a.call('GET', `/api/v1/exports/${job.id}`, { headers: BOB })).status).toBe(404);
      expect((await download(a, job.id, BOB)).status).toBe(404);
      const cancel = await a.call('DELETE', `/api/v1/exports/${job.id}`, { headers: BOB });
      expect([cancel.status, cancel.body.error.code]).toEqual([404, 'not_found']);
      const bobs = await a.call('GET', '/api/v1/exports', { headers: BOB });
      expect(bobs.body.exports.map((j: Json) => j.id)).not.toContain(job.id);
      const alices = await a.call('GET', '/api/v1/exports', { headers: ALICE });
      expect(alices.body.exports.map((j: Json) => j.id)).toContain(job.id);
      // Bob's cancel left Alice's export running.
      expect((await jobOf(a, job.id)).state).toBe('running');
    } finally {
      release();
    }
    expect(await settled(a, job.id)).toMatchObject({ state: 'done' });
    expect((await download(a, job.id)).status).toBe(200);
  });

  it("one user's cancel stops only their own export", async () => {
    const release = holdAtPage(1);
    const alices = await startExport(a, { kind: 'runs', script: 'shop' });
    await reachedHold;
    const bobs = await startExport(b, { kind: 'runs', script: 'shop' }, BOB);
    const cancelled = await a.call('DELETE', `/api/v1/exports/${bobs.id}`, { headers: BOB });
    expect([cancelled.status, cancelled.body.export.state]).toEqual([200, 'cancelled']);
    expect((await jobOf(a, alices.id)).state).toBe('running');
    release();
    expect((await settled(a, alices.id)).state).toBe('done');
    expect((await jobOf(a, bobs.id, BOB)).state).toBe('cancelled');
  });
});

describe('cancel', () => {
  it('stops the writer at its next page and removes the partial file', async () => {
    const release = holdAtPage(1);
    const job = await startExport(a, { kind: 'runs' });
    await reachedHold;
    expect(readdirSync(dir)).toContain(`${job.id}.csv.part`);
    const res = await a.call('DELETE', `/api/v1/exports/${job.id}`, { headers: ALICE });
    expect([res.status, res.body.export.state]).toEqual([200, 'cancelled']);
    release();
    await a.exports.idle();
    const after = await jobOf(a, job.id);
    expect(after.state).toBe('cancelled');
    expect(after.rows_written).toBe(97);
    expect(after.rows_expected).toBeGreaterThan(97);
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
    const dl = await download(a, job.id);
    expect([dl.status, JSON.parse(dl.text).error.code]).toEqual([409, 'not_ready']);
  });

  it('of a finished export removes its file', async () => {
    const job = await startExport(a, { kind: 'logs', script: 'shop' });
    await settled(a, job.id);
    expect(readdirSync(dir)).toContain(`${job.id}.csv`);
    expect((await a.call('DELETE', `/api/v1/exports/${job.id}`, { headers: ALICE })).body.export.state).toBe(
      'cancelled'
    );
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });
});

describe('two replicas on one Elasticsearch', () => {
  it('serve the same job: progress and cancel through the replica that is not writing', async () => {
    const release = holdAtPage(2);
    const job = await startExport(a, { kind: 'runs' });
    await reachedHold;
    const seen = await jobOf(b, job.id);
    expect(seen).toMatchObject({ state: 'running', rows_written: 194, rows_expected: job.rows_expected });
    expect((await b.call('DELETE', `/api/v1/exports/${job.id}`, { headers: ALICE })).status).toBe(200);
    release();
    await a.exports.idle();
    expect(await jobOf(a, job.id)).toMatchObject({ state: 'cancelled', rows_written: 194 });
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });

  it('a file written by one replica downloads from the other, and from a restarted one', async () => {
    const job = await startExport(a, { kind: 'runs', script: 'billing', sort: 'run_id', order: 'asc' });
    expect((await settled(b, job.id)).state).toBe('done');
    const fromA = await download(a, job.id);
    const fromB = await download(b, job.id);
    expect(fromB.status).toBe(200);
    expect(fromB.text).toBe(fromA.text);
    // A fresh process: nothing of the job was in its memory.
    const restarted = await startApi({ ES_INDEX_PREFIX: a.prefix, EXPORT_DIR: dir });
    try {
      const listed = await restarted.call('GET', '/api/v1/exports', { headers: ALICE });
      expect(listed.body.exports.find((j: Json) => j.id === job.id)).toMatchObject({ state: 'done' });
      expect((await download(restarted, job.id)).text).toBe(fromA.text);
    } finally {
      await restarted.close();
    }
  });
});

describe('TTL', () => {
  it('expires finished files after the TTL and removes them', async () => {
    const job = await startExport(a, { kind: 'logs', script: 'billing' });
    await settled(a, job.id);
    // Within the TTL nothing happens.
    await a.exports.sweep(new Date());
    expect((await download(a, job.id)).status).toBe(200);
    const later = new Date(Date.parse(job.expires_at) + 1000);
    expect((await b.exports.sweep(later)).expired).toBeGreaterThanOrEqual(1);
    expect(readdirSync(dir)).not.toContain(`${job.id}.csv`);
    expect((await jobOf(a, job.id)).state).toBe('expired');
    const dl = await download(a, job.id);
    expect([dl.status, JSON.parse(dl.text).error.code]).toEqual([410, 'expired']);
  });
});

describe('a writer that stopped', () => {
  it('is marked failed by the sweep after 5 minutes without progress, its partial file removed', async () => {
    const release = holdAtPage(1);
    const job = await startExport(a, { kind: 'runs' });
    await reachedHold;
    // Within 5 minutes of its last page the job stays running.
    await b.exports.sweep(new Date(Date.now() + 60_000));
    expect((await jobOf(a, job.id)).state).toBe('running');
    await b.exports.sweep(new Date(Date.now() + 6 * 60_000));
    expect(await jobOf(a, job.id)).toMatchObject({
      state: 'failed',
      error: 'the backend writing this export stopped; start it again',
    });
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
    // Should the writer come back, it stops at its next page.
    release();
    await a.exports.idle();
    expect((await jobOf(a, job.id)).state).toBe('failed');
    expect(readdirSync(dir).filter((f) => f.startsWith(job.id))).toEqual([]);
  });
});

describe('a large export', () => {
  it('streams 30,000 log lines through the point in time, every one once, in order', async () => {
    const N = 30_000;
    const base = now - 2 * 3_600_000;
    for (let start = 0; start < N; start += 5000) {
      const batch = Array.from({ length: 5000 }, (_, i) => ({
        run_id: 'big-run',
        level: 'info',
        message: `line ${start + i}`,
        log_id: `big-${String(start + i).padStart(6, '0')}`,
        timestamp: new Date(base + Math.floor((start + i) / 10)).toISOString(),
      }));
      expect((await b.call('POST', '/api/v1/logs', { token: INGEST, body: batch })).status).toBe(200);
    }
    await b.refresh();
    const job = await startExport(b, { kind: 'logs', q: 'big-run', sort: 'timestamp', order: 'asc' });
    expect(job.rows_expected).toBe(N);
    expect(await settled(b, job.id)).toMatchObject({ state: 'done', rows_written: N });
    const rows = csvRows((await download(b, job.id)).text);
    expect(rows.length).toBe(N);
    expect(rows.map((r) => r['Log ID'])).toEqual(
      Array.from({ length: N }, (_, i) => `big-${String(i).padStart(6, '0')}`)
    );
  });
});
