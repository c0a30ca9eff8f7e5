import { type Api, INGEST } from './harness';
import {
  ALICE,
  csvRows,
  download,
  type Json,
  listAll,
  logCells,
  now,
  type Replicas,
  runCells,
  settled,
  startExport,
  startReplicas,
  stopReplicas,
  t0,
  without,
} from './exportsFixture';

/**
 * What an export holds, against the real Elasticsearch: exactly the rows the runs and logs
 * lists page through (filters, range, free text, sort), formula cells neutralised, and a large
 * export streamed whole.
 */
jest.setTimeout(180_000);

let replicas: Replicas;
let a: Api;
let b: Api;
beforeAll(async () => {
  replicas = await startReplicas();
  ({ a, b } = replicas);
}, 180_000);
afterAll(() => stopReplicas(replicas));

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
    await a.ingest('POST', '/api/v1/logs', [
      { run_id: 'f-1', level: 'info', message: '\rcarriage', timestamp: new Date(now - 50_000).toISOString() },
      // Full-width forms: spreadsheets in CJK locales read them as formula starts too.
      { run_id: 'f-1', level: 'info', message: '\uFF1D1+1', timestamp: new Date(now - 40_000).toISOString() },
    ]);
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
    const messages = csvRows((await download(a, logs.id)).text).map((r) => r['Log message']);
    // Newest first.
    expect(messages).toEqual(["'\uFF1D1+1", "'\rcarriage"]);
  });
});

describe('rows that tie on every sort value', () => {
  it('keep the table order (run id breaking the tie), across pages', async () => {
    // 150 runs started at two instants, their ids in shuffled order: tie groups of 75 rows
    // that cross replica A's 97-row pages.
    const at = [t0 + 7_000_000, t0 + 7_100_000];
    const runs = Array.from({ length: 150 }, (_, i) => ({
      run_id: `tie-${String((i * 61) % 150).padStart(3, '0')}`,
      script: 'ties',
      function: 'tick',
      source_type: 'api',
      source: 'web',
      executed_on: new Date(at[i % 2]!).toISOString(),
    }));
    await a.ingest('POST', '/api/v1/scripts/ties/deployments');
    for (const run of runs) {
      expect((await a.ingest('POST', '/api/v1/runs', run)).status).toBe(201);
    }
    await a.refresh();
    for (const order of ['desc', 'asc']) {
      const selection = { script: ['ties'], sort: 'executed_on', order };
      const expected = (await listAll(a, '/api/v1/runs', selection)).map((r) => r.run_id);
      expect(expected.length).toBe(150);
      const job = await startExport(a, { kind: 'runs', ...selection });
      await settled(a, job.id);
      expect(csvRows((await download(a, job.id)).text).map((r) => r['Run ID'])).toEqual(expected);
    }
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

describe('an export over many indices', () => {
  it('reads them in turn and keeps the table order, overlapping months included', async () => {
    // Written behind the API, in three monthly run indices and four daily log indices; one run
    // sits in October's index but started in September, as a run placed by its finish does.
    const day = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 60_000).toISOString();
    const runs = ['2026-08-10', '2026-09-10', '2026-10-10'].flatMap((d) =>
      Array.from({ length: 30 }, (_, n) => ({ at: day(d, n * 7), id: `sp-${d}-${n}` }))
    );
    runs.push({ at: day('2026-09-10', 30), id: 'sp-late-placed' });
    const runDoc = (r: { at: string; id: string }) => ({
      run_id: r.id,
      script: 'spread',
      function: 'f',
      status: 'success',
      deployment_version: 1,
      response_time_ms: 5,
      executed_on: r.at,
      source_type: 'api',
      source: 'web',
    });
    const index = (r: { at: string; id: string }) =>
      r.id === 'sp-late-placed' ? `${a.prefix}-runs-2026.10` : `${a.prefix}-runs-${r.at.slice(0, 7).replace('-', '.')}`;
    const lines = ['2026-09-01', '2026-09-02', '2026-09-03', '2026-09-05'].flatMap((d) =>
      Array.from({ length: 60 }, (_, n) => ({
        log_id: `spl-${d}-${n}`,
        run_id: 'sp-late-placed',
        script: 'spread',
        level: 'info',
        message: `line ${n}`,
        timestamp: day(d, n * 3),
        seq: n,
      }))
    );
    const operations = [
      ...runs.flatMap((r) => [{ index: { _index: index(r), _id: r.id } }, runDoc(r)]),
      ...lines.flatMap((l) => [
        { index: { _index: `${a.prefix}-logs-${l.timestamp.slice(0, 10).replaceAll('-', '.')}`, _id: l.log_id } },
        l,
      ]),
    ];
    expect((await a.es.bulk({ operations, refresh: true })).errors).toBe(false);

    const range = { script: ['spread'], from: '2026-08-01T00:00:00Z', to: '2026-11-01T00:00:00Z' };
    for (const [kind, path, sort, id] of [
      ['runs', '/api/v1/runs', 'executed_on', 'Run ID'],
      ['logs', '/api/v1/logs', 'timestamp', 'Log ID'],
    ] as const) {
      for (const order of ['desc', 'asc']) {
        const selection = { ...range, sort, order };
        const expected = (await listAll(a, path, selection)).map((r) => (kind === 'runs' ? r.run_id : r.log_id));
        expect(expected.length).toBe(kind === 'runs' ? 91 : 240);
        const job = await startExport(a, { kind, ...selection });
        await settled(a, job.id);
        expect(csvRows((await download(a, job.id)).text).map((r) => r[id])).toEqual(expected);
      }
    }
  });
});

describe('a shard that fails', () => {
  it('fails the export: never a finished file with rows missing', async () => {
    // An index whose `function` is text (made behind the API) cannot be sorted by function: its
    // shard fails while the current month's answers, which Elasticsearch would give as a partial answer.
    const odd = `${a.prefix}-runs-2026.03`;
    await a.es.indices.create({ index: odd, mappings: { properties: { function: { type: 'text' } } } });
    try {
      await a.es.index({
        index: odd,
        id: 'odd-1',
        document: {
          run_id: 'odd-1',
          script: 'shard',
          function: 'f',
          status: 'success',
          executed_on: '2026-03-02T00:00:00Z',
        },
      });
      await a.ingest('POST', '/api/v1/scripts/shard/deployments');
      const run = { script: 'shard', function: 'f', source_type: 'api', source: 'web' };
      expect(
        (
          await a.ingest('POST', '/api/v1/runs', {
            ...run,
            run_id: 'ok-1',
            executed_on: new Date(now - 1000).toISOString(),
          })
        ).status
      ).toBe(201);
      await a.refresh();
      const job = await startExport(a, {
        kind: 'runs',
        script: ['shard'],
        from: '2026-03-01T00:00:00Z',
        sort: 'function',
        order: 'asc',
      });
      expect(job.rows_expected).toBe(2);
      expect(await settled(a, job.id)).toMatchObject({ state: 'failed', bytes: null });
      expect((await download(a, job.id)).status).toBe(409);
    } finally {
      await a.es.indices.delete({ index: odd });
    }
  });
});
