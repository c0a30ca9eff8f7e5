import { type Api, INGEST, READ, eventually, startApi } from './harness';

let api: Api;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const run = (over: Record<string, unknown> = {}) => ({
  script: 'billing',
  function: 'charge',
  source_type: 'api',
  source: 'checkout',
  ...over,
});

describe('deployments', () => {
  it('numbers deployments 1, 2, … and refuses new runs while undeployed', async () => {
    expect((await api.ingest('POST', '/api/v1/scripts/billing/deployments')).body.version).toBe(1);
    expect((await api.ingest('POST', '/api/v1/scripts/billing/deployments')).body.version).toBe(2);

    const inFlight = await api.ingest('POST', '/api/v1/runs', run({ run_id: 'in-flight-1' }));
    expect(inFlight.status).toBe(201);
    expect(inFlight.body.run.deployment_version).toBe(2);

    const undeployed = await api.ingest('DELETE', '/api/v1/scripts/billing/deployments/current');
    expect(undeployed.status).toBe(200);
    expect(undeployed.body).toMatchObject({ script: 'billing', version: 2 });
    expect((await api.ingest('DELETE', '/api/v1/scripts/billing/deployments/current')).status).toBe(409);

    const refused = await api.ingest('POST', '/api/v1/runs', run({ run_id: 'after-undeploy' }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('script_not_deployed');

    // What was in flight when the script was undeployed still lands.
    const log = await api.ingest('POST', '/api/v1/logs', [
      { run_id: 'in-flight-1', level: 'info', message: 'still here' },
    ]);
    expect(log.status).toBe(200);
    const finished = await api.ingest('POST', '/api/v1/runs/in-flight-1/finish', { status: 'success' });
    expect(finished.body.run.status).toBe('success');

    expect((await api.ingest('POST', '/api/v1/scripts/billing/deployments')).body.version).toBe(3);
    expect(
      (await api.ingest('POST', '/api/v1/runs', run({ run_id: 'after-redeploy' }))).body.run.deployment_version
    ).toBe(3);

    await api.refresh();
    const scripts = await api.read('/api/v1/scripts');
    const billing = scripts.body.scripts.find((s: { script: string }) => s.script === 'billing');
    expect(billing).toMatchObject({ current_version: 3, deployed: true, total_runs: 2 });
    expect(
      billing.deployments.map((d: { version: number; undeployed_at: string | null }) => [
        d.version,
        d.undeployed_at !== null,
      ])
    ).toEqual([
      [1, false],
      [2, true],
      [3, false],
    ]);
    // Undeploying keeps every run readable.
    const runs = await api.read('/api/v1/runs', { script: 'billing' });
    expect(runs.body.rows.map((r: { run_id: string }) => r.run_id).sort()).toEqual(['after-redeploy', 'in-flight-1']);
  });

  it('refuses runs of a script that was never deployed', async () => {
    const res = await api.ingest('POST', '/api/v1/runs', run({ script: 'never-deployed' }));
    expect(res.status).toBe(409);
  });

  it('records deployments after the fact, for backfills and deployment markers', async () => {
    const day = 86_400_000;
    const deployedAt = new Date(Date.now() - 3 * day).toISOString();
    const undeployedAt = new Date(Date.now() - 2 * day).toISOString();
    const deployed = await api.call('POST', '/api/v1/scripts/backfilled/deployments', {
      token: INGEST,
      body: { deployed_at: deployedAt },
    });
    expect(deployed.body).toMatchObject({ version: 1, deployed_at: deployedAt });
    const early = await api.call('DELETE', '/api/v1/scripts/backfilled/deployments/current', {
      token: INGEST,
      body: { undeployed_at: new Date(Date.now() - 4 * day).toISOString() },
    });
    expect(early.status).toBe(400);
    expect(early.body.error.details[0].path).toBe('body.undeployed_at');
    await api.call('DELETE', '/api/v1/scripts/backfilled/deployments/current', {
      token: INGEST,
      body: { undeployed_at: undeployedAt },
    });
    await api.refresh();
    const markers = await api.read('/api/v1/deployments', { script: 'backfilled' });
    expect(markers.body.deployments).toEqual([
      { script: 'backfilled', version: 1, deployed_at: deployedAt, undeployed_at: undeployedAt },
    ]);
  });

  it('gives concurrent deploys distinct versions', async () => {
    const versions = await Promise.all(
      Array.from({ length: 5 }, () => api.ingest('POST', '/api/v1/scripts/racy/deployments'))
    );
    expect(versions.map((r) => r.body.version).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('runs', () => {
  beforeAll(async () => {
    await api.ingest('POST', '/api/v1/scripts/orders/deployments');
  });

  it('is idempotent on run_id', async () => {
    const first = await api.ingest(
      'POST',
      '/api/v1/runs',
      run({ script: 'orders', run_id: 'same-1', input: { n: 1 } })
    );
    const again = await api.ingest(
      'POST',
      '/api/v1/runs',
      run({ script: 'orders', run_id: 'same-1', input: { n: 2 } })
    );
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.run.input).toEqual({ n: 1 });
    await api.refresh();
    expect(
      (
        await api.read('/api/v1/runs', {
          script: 'orders',
          filters: [{ field: 'run_id', op: 'is', values: ['same-1'] }],
        })
      ).body.total
    ).toBe(1);
  });

  it('makes a run id when the client gives none', async () => {
    const res = await api.ingest('POST', '/api/v1/runs', run({ script: 'orders' }));
    expect(res.status).toBe(201);
    expect(res.body.run.run_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts a finish before its start and twice, and keeps the first finish', async () => {
    const executed = new Date(Date.now() - 5000).toISOString();
    const finished = new Date(Date.now() - 3500).toISOString();
    const early = await api.ingest('POST', '/api/v1/runs/ooo-1/finish', {
      status: 'success',
      finished_at: finished,
      output: { ok: true },
    });
    expect(early.status).toBe(200);
    const repeat = await api.ingest('POST', '/api/v1/runs/ooo-1/finish', { status: 'failed', error: 'late duplicate' });
    expect(repeat.body.run.status).toBe('success');
    const start = await api.ingest(
      'POST',
      '/api/v1/runs',
      run({ script: 'orders', run_id: 'ooo-1', executed_on: executed })
    );
    expect(start.body.run).toMatchObject({ status: 'success', response_time_ms: 1500, output: { ok: true } });
    await api.refresh();
    const record = await api.read('/api/v1/runs/ooo-1');
    expect(record.body.run).toMatchObject({ status: 'success', response_time_ms: 1500, script: 'orders' });
  });

  it('keeps response time for successful runs only', async () => {
    await api.ingest('POST', '/api/v1/runs', run({ script: 'orders', run_id: 'fail-1' }));
    const res = await api.ingest('POST', '/api/v1/runs/fail-1/finish', {
      status: 'failed',
      error: 'E_CARD_DECLINED',
      response_time_ms: 80,
    });
    expect(res.body.run).toMatchObject({ status: 'failed', response_time_ms: null, error: 'E_CARD_DECLINED' });
  });

  it('handles a start and its finish racing each other', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `race-${i}`);
    await Promise.all(
      ids.flatMap((id) => [
        api.ingest('POST', '/api/v1/runs', run({ script: 'orders', run_id: id })),
        api.ingest('POST', `/api/v1/runs/${id}/finish`, { status: 'success', response_time_ms: 10 }),
      ])
    );
    await api.refresh();
    const res = await api.read('/api/v1/runs', {
      script: 'orders',
      filters: [{ field: 'run_id', op: 'contains', values: ['race-'] }],
    });
    expect(res.body.total).toBe(10);
    expect(
      res.body.rows.every(
        (r: { status: string; response_time_ms: number }) => r.status === 'success' && r.response_time_ms === 10
      )
    ).toBe(true);
  });

  // The 1 s figure itself is measured by the benchmark; here: no refresh call is needed.
  it('makes accepted runs searchable without any refresh call', async () => {
    await api.ingest('POST', '/api/v1/runs', run({ script: 'orders', run_id: 'visible-1' }));
    const filters = [{ field: 'run_id', op: 'is', values: ['visible-1'] }];
    await eventually(async () => (await api.read('/api/v1/runs', { script: 'orders', filters })).body.total === 1);
  });
});

describe('logs', () => {
  beforeAll(async () => {
    await api.ingest('POST', '/api/v1/scripts/etl/deployments');
    await api.ingest('POST', '/api/v1/runs', {
      script: 'etl',
      function: 'load',
      source_type: 'tool',
      source: 'nightly',
      run_id: 'etl-1',
    });
  });

  it('accepts a stdout/stderr batch at run end and keeps line order within a millisecond', async () => {
    const now = new Date().toISOString();
    const lines = Array.from({ length: 20 }, (_, i) => ({
      run_id: 'etl-1',
      level: i % 5 === 4 ? 'stderr' : 'stdout',
      message: `line ${i}`,
      timestamp: now,
    }));
    const res = await api.ingest('POST', '/api/v1/logs', lines);
    expect(res.body.accepted).toBe(20);
    await api.refresh();
    const record = await api.read('/api/v1/runs/etl-1');
    expect(record.body.logs.map((l: { message: string }) => l.message)).toEqual(lines.map((l) => l.message));
    // Copied from the run, for filtering logs by run columns.
    expect(record.body.logs[0]).toMatchObject({
      script: 'etl',
      function: 'load',
      source: 'nightly',
      source_type: 'tool',
      deployment_version: 1,
    });
  });

  it('accepts NDJSON and the seed logger span JSON as they are', async () => {
    const span = {
      name: 'log',
      context: { trace_id: '0x4bf92f3577b34da6a3ce929d0e0e4736', span_id: '0x00f067aa0ba902b7' },
      attributes: {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        run_id: 'etl-1',
        deployment_id: '1',
        source: 'nightly',
        source_type: 'Tool',
        'log.message': 'rows loaded: 42',
        'log.level': 'WARNING',
        rows: 42,
      },
      resource: { attributes: { 'service.name': 'etl' } },
    };
    const plain = { run_id: 'etl-1', level: 'debug', message: 'ndjson plain', log_id: 'nd-1' };
    const res = await api.call('POST', '/api/v1/logs', {
      token: INGEST,
      raw: `${JSON.stringify(span)}\n${JSON.stringify(plain)}\n`,
      contentType: 'application/x-ndjson',
    });
    expect(res.status).toBe(200);
    expect(res.body.log_ids).toContain('nd-1');
    await api.refresh();
    const logs = await api.read('/api/v1/logs', {
      script: 'etl',
      filters: [{ field: 'message', op: 'contains', values: ['rows loaded'] }],
    });
    expect(logs.body.rows).toHaveLength(1);
    expect(logs.body.rows[0]).toMatchObject({
      level: 'warning',
      source_type: 'tool',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      traceparent: span.attributes.traceparent,
    });
  });

  it('is idempotent on log_id', async () => {
    const line = { run_id: 'etl-1', level: 'info', message: 'once only', log_id: 'dup-1' };
    await api.ingest('POST', '/api/v1/logs', [line]);
    await api.ingest('POST', '/api/v1/logs', [line]);
    await api.refresh();
    expect(
      (await api.read('/api/v1/logs', { filters: [{ field: 'log_id', op: 'is', values: ['dup-1'] }] })).body.total
    ).toBe(1);
  });

  it('rejects a batch with a bad record, names each bad field, and stores none of it', async () => {
    const res = await api.ingest('POST', '/api/v1/logs', [
      { run_id: 'etl-1', level: 'info', message: 'good line in a bad batch' },
      { run_id: 'etl-1', level: 'loud', message: 'x' },
      { level: 'info', message: 7 },
    ]);
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body[1].level', 'body[2].run_id', 'body[2].message']));
    await api.refresh();
    expect(
      (
        await api.read('/api/v1/logs', {
          filters: [{ field: 'message', op: 'contains', values: ['good line in a bad batch'] }],
        })
      ).body.total
    ).toBe(0);
  });

  it('names the bad line of an NDJSON body', async () => {
    const res = await api.call('POST', '/api/v1/logs', {
      token: INGEST,
      raw: '{"run_id":"etl-1","level":"info","message":"a"}\n{oops\n',
      contentType: 'application/x-ndjson',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('body.line[2]');
  });

  it('makes a structured line visible to readers without any refresh call', async () => {
    await api.ingest('POST', '/api/v1/logs', [{ run_id: 'etl-1', level: 'info', message: 'realtime-marker-xyz' }]);
    const filters = [{ field: 'message', op: 'contains', values: ['realtime-marker-xyz'] }];
    await eventually(async () => (await api.read('/api/v1/logs', { filters })).body.total === 1);
  });
});

describe('dates', () => {
  it('answers executed_on and finished_at in UTC whatever offset they were sent with', async () => {
    await api.ingest('POST', '/api/v1/scripts/tz-script/deployments');
    // A day inside the event window whatever the date the suite runs on.
    const day = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
    const start = await api.ingest('POST', '/api/v1/runs', {
      run_id: 'tz-run-1',
      script: 'tz-script',
      function: 'f',
      source_type: 'api',
      source: 's',
      executed_on: `${day}T12:00:00+02:00`,
    });
    expect(start.body.run.executed_on).toBe(`${day}T10:00:00.000Z`);
    const finish = await api.ingest('POST', '/api/v1/runs/tz-run-1/finish', {
      status: 'success',
      finished_at: `${day}T07:00:01-03:00`,
    });
    expect(finish.body.run.finished_at).toBe(`${day}T10:00:01.000Z`);
  });
});

describe('bad input and auth', () => {
  it('answers 401 without a token, 403 with the other scope', async () => {
    expect((await api.call('GET', '/api/v1/runs', { token: null })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/runs', { token: 'nope-nope-nope-nope-nope' })).status).toBe(401);
    expect((await api.call('GET', '/api/v1/runs', { token: INGEST })).status).toBe(403);
    expect((await api.call('POST', '/api/v1/logs', { token: READ, body: [] })).status).toBe(403);
  });

  it('answers 400 with field paths for a bad run', async () => {
    const res = await api.ingest('POST', '/api/v1/runs', { script: 'bad name!', function: '', source_type: 'cron' });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.script', 'body.function', 'body.source_type', 'body.source']));
  });

  it('answers 400 for malformed JSON and 413 for an oversize body', async () => {
    const bad = await api.call('POST', '/api/v1/runs', { token: INGEST, raw: '{"script":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const big = await api.call('POST', '/api/v1/logs', {
      token: INGEST,
      body: [{ run_id: 'x', level: 'info', message: 'x'.repeat(1_100_000) }],
    });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('payload_too_large');
  });

  it('checks the token before reading the body: no token is 401 whatever the body', async () => {
    const malformed = await api.call('POST', '/api/v1/runs', { token: null, raw: '{"script":' });
    expect([malformed.status, malformed.body.error.code]).toEqual([401, 'unauthorized']);
    const oversize = await api.call('POST', '/api/v1/logs', { token: null, raw: 'x'.repeat(1_100_000) });
    expect([oversize.status, oversize.body.error.code]).toEqual([401, 'unauthorized']);
  });

  it('answers an unknown method with 404 in the error format, OPTIONS with the allowed methods', async () => {
    const put = await api.call('PUT', '/api/v1/runs', { token: INGEST, body: {} });
    expect([put.status, put.body.error.code]).toEqual([404, 'not_found']);
    const options = await api.call('OPTIONS', '/api/v1/runs', { token: null });
    expect(options.status).toBe(200);
    expect(options.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(options.headers.get('allow')?.split(/, */).sort()).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('answers 404 in the error format', async () => {
    const res = await api.read('/api/v1/runs/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String), details: [] } });
  });
});
