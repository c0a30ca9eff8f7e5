import { request as httpRequest } from 'node:http';
import pino from 'pino';
import { createApp } from '../src/app';
import {
  call,
  defaultToken,
  doc,
  expressRoutes,
  opByKey,
  operations,
  pointer,
  seen,
  validatorAt,
  type Json,
} from './conformance';
import { otlpRequest, run, SCRIPT, UNKNOWN_EXPORT, USER, valid } from './conformance-requests';
import { type Api, INGEST, READ, startApi } from './harness';

/**
 * Checks backend/openapi.yaml (generated from the contract) against the running service with
 * the conformance engine (./conformance.ts): every documented operation is called with real
 * data, every answer must be documented and match, every documented status is produced at
 * least once, and the document and the Express routes list the same operations.
 */

let api: Api;
/** The same service over an Elasticsearch address nothing listens on. */
let down: Api;

beforeAll(async () => {
  // Selection tails end after a second, so a test can read a whole response.
  api = await startApi({ TAIL_MAX_MS: '1000', TAIL_POLL_MS: '100' });
  down = await startApi({ ES_URL: 'http://127.0.0.1:9', SKIP_ENSURE: '1' });
});
afterAll(async () => {
  await api?.close();
  await down?.close().catch(() => undefined);
});

describe('openapi.yaml', () => {
  it('is an OpenAPI 3.1 document whose schemas compile', () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['ingestToken', 'readToken']);
    for (const name of Object.keys(doc.components.schemas)) {
      validatorAt(pointer('components', 'schemas', name));
    }
    for (const o of operations) {
      expect(o.op.operationId).toEqual(expect.any(String));
      // Every /api/v1 operation needs exactly one token scope; the service routes need none.
      const schemes = ((o.op.security ?? []) as Json[]).flatMap((s) => Object.keys(s));
      expect([o.key, schemes.length]).toEqual([o.key, o.path.startsWith('/api/') || o.path === '/v1/logs' ? 1 : 0]);
    }
    expect(Object.keys(valid).sort()).toEqual(operations.map((o) => o.key).sort());
  });
});

describe('service routes', () => {
  it('answers health, readiness and metrics', async () => {
    await call(api, 'GET /healthz', {}, 200);
    await call(api, 'GET /readyz', {}, 200);
    const metrics = await call(api, 'GET /metrics', {}, 200);
    expect(metrics.body).toMatch(/runlens_http_request_duration_seconds/);
  });
});

describe('ingest', () => {
  it('deploys and undeploys scripts', async () => {
    expect(
      (await call(api, 'POST /api/v1/scripts/{script}/deployments', { params: { script: SCRIPT } }, 201)).body.version
    ).toBe(1);
    await call(api, 'POST /api/v1/scripts/{script}/deployments', { params: { script: 'gone' } }, 201);
    const undeployed = await call(
      api,
      'DELETE /api/v1/scripts/{script}/deployments/current',
      { params: { script: 'gone' } },
      200
    );
    expect(undeployed.body.undeployed_at).toEqual(expect.any(String));
    await call(api, 'DELETE /api/v1/scripts/{script}/deployments/current', { params: { script: 'gone' } }, 409);
    await call(
      api,
      'DELETE /api/v1/scripts/{script}/deployments/current',
      { params: { script: 'never-deployed' } },
      404
    );
    await call(api, 'DELETE /api/v1/scripts/{script}/deployments/current', { params: { script: '-bad' } }, 400);
    await call(api, 'POST /api/v1/scripts/{script}/deployments', { params: { script: 'bad name!' } }, 400);
    expect(
      (await call(api, 'POST /api/v1/scripts/{script}/deployments', { params: { script: SCRIPT } }, 201)).body.version
    ).toBe(2);
  });

  it('starts and finishes runs, in either order', async () => {
    const executed = new Date(Date.now() - 60_000).toISOString();
    await call(
      api,
      'POST /api/v1/runs',
      {
        body: run({
          run_id: 'run-ok-1',
          executed_on: executed,
          input: { order: 42 },
          trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
          deployment_version: 1,
        }),
      },
      201
    );
    expect((await call(api, 'POST /api/v1/runs', { body: run({ run_id: 'run-ok-1' }) }, 200)).body.run.input).toEqual({
      order: 42,
    });
    const made = await call(
      api,
      'POST /api/v1/runs',
      { body: run({ function: 'refund', source_type: 'tool', source: 'cli' }) },
      201
    );
    expect(made.body.run.deployment_version).toBe(2);
    await call(
      api,
      'POST /api/v1/runs',
      { body: run({ run_id: 'run-fail-1', executed_on: new Date(Date.now() - 30_000).toISOString() }) },
      201
    );
    await call(api, 'POST /api/v1/runs', { body: run({ run_id: 'run-open-1' }) }, 201);

    const ok = await call(
      api,
      'POST /api/v1/runs/{run_id}/finish',
      {
        params: { run_id: 'run-ok-1' },
        body: { status: 'success', response_time_ms: 120.5, output: { charged: true } },
      },
      200
    );
    expect(ok.body.run).toMatchObject({ status: 'success', response_time_ms: 120.5, script: 'billing' });
    await call(
      api,
      'POST /api/v1/runs/{run_id}/finish',
      {
        params: { run_id: 'run-fail-1' },
        body: { status: 'failed', error: 'E_CARD_DECLINED', finished_at: new Date().toISOString() },
      },
      200
    );
    // Finish only: the start columns stay null until the start arrives.
    const orphan = await call(
      api,
      'POST /api/v1/runs/{run_id}/finish',
      { params: { run_id: 'finish-only-1' }, body: { status: 'failed', error: null } },
      200
    );
    expect(orphan.body.run).toMatchObject({ status: 'failed', script: null, executed_on: null });

    // Not deployed, bad bodies, bad JSON, oversize bodies.
    await call(api, 'POST /api/v1/runs', { body: run({ script: 'gone' }) }, 409);
    await call(api, 'POST /api/v1/runs', { body: { script: 'bad name!', function: '', source_type: 'cron' } }, 400);
    await call(api, 'POST /api/v1/runs', { raw: '{"script":' }, 400);
    await call(api, 'POST /api/v1/runs', { body: run({ input: 'x'.repeat(1_100_000) }) }, 413);
    await call(
      api,
      'POST /api/v1/runs/{run_id}/finish',
      { params: { run_id: 'run-open-1' }, body: { status: 'in_progress' } },
      400
    );
    await call(
      api,
      'POST /api/v1/runs/{run_id}/finish',
      { params: { run_id: 'bad id!' }, body: { status: 'success' } },
      400
    );
    await call(
      api,
      'POST /api/v1/runs/{run_id}/finish',
      { params: { run_id: 'run-open-1' }, body: { status: 'success', output: 'x'.repeat(1_100_000) } },
      413
    );
  });

  it('stores log batches as JSON, a single object and NDJSON', async () => {
    const at = Date.now() - 50_000;
    const lines = Array.from({ length: 6 }, (_, i) => ({
      run_id: 'run-ok-1',
      level: ['stdout', 'stderr', 'INFO', 'debug', 'warn', 'error'][i],
      message: `line ${i}`,
      timestamp: i % 2 ? at + i : new Date(at + i).toISOString(),
      ...(i === 0 ? { log_id: 'log-first', attributes: { attempt: 1 } } : {}),
    }));
    expect((await call(api, 'POST /api/v1/logs', { body: lines }, 200)).body.accepted).toBe(6);
    await call(
      api,
      'POST /api/v1/logs',
      {
        body: {
          run_id: 'run-fail-1',
          level: 'error',
          message: 'card declined',
          script: SCRIPT,
          source_type: 'API',
          deployment_version: '2',
        },
      },
      200
    );
    const span = {
      name: 'log',
      context: { trace_id: '0x4bf92f3577b34da6a3ce929d0e0e4736', span_id: '0x00f067aa0ba902b7' },
      attributes: {
        traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
        run_id: 'run-ok-1',
        deployment_id: '1',
        source: 'checkout',
        source_type: 'api',
        'log.message': 'charged 42',
        'log.level': 'WARNING',
        amount: 42,
      },
      resource: { attributes: { 'service.name': SCRIPT } },
    };
    const plain = { run_id: 'run-ok-1', level: 'debug', message: 'ndjson line', log_id: 'log-nd-1' };
    const nd = await call(
      api,
      'POST /api/v1/logs',
      { raw: `${JSON.stringify(span)}\n\n${JSON.stringify(plain)}\n`, contentType: 'application/x-ndjson' },
      200
    );
    expect(nd.body.log_ids).toContain('log-nd-1');

    await call(
      api,
      'POST /api/v1/logs',
      { body: [{ run_id: 'run-ok-1', level: 'loud', message: 'x' }, { level: 'info' }] },
      400
    );
    await call(api, 'POST /api/v1/logs', { body: [] }, 400);
    await call(api, 'POST /api/v1/logs', { raw: '{oops\n', contentType: 'application/x-ndjson' }, 400);
    await call(api, 'POST /api/v1/logs', { raw: '[{"run_id":', contentType: 'application/json' }, 400);
    await call(
      api,
      'POST /api/v1/logs',
      { body: [{ run_id: 'run-ok-1', level: 'info', message: 'x'.repeat(1_100_000) }] },
      413
    );
    await api.refresh();
  });
  it('takes OTLP/HTTP logs, with partialSuccess for records it cannot store', async () => {
    // Its own instance (and index prefix): the reads below count this one's logs.
    const otlp = await startApi({ OTLP_MAX_CONCURRENT: '1' });
    try {
      expect((await call(otlp, 'POST /v1/logs', { body: otlpRequest('run-1', 'via otlp') }, 200)).body).toEqual({});
      const partial = await call(otlp, 'POST /v1/logs', { body: otlpRequest('', 'no run') }, 200);
      expect(partial.body.partialSuccess.rejectedLogRecords).toBe('1');
      await call(otlp, 'POST /v1/logs', { body: { resourceLogs: 'x' } }, 400);
      await call(otlp, 'POST /v1/logs', { raw: 'x', contentType: 'text/plain' }, 415);
      await call(otlp, 'POST /v1/logs', { body: otlpRequest('run-1', 'x'.repeat(1_100_000)) }, 413);
      // A request whose body is still arriving holds the one slot.
      const held = httpRequest(`${otlp.url}/v1/logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json', 'content-length': '100' },
      });
      held.on('error', () => undefined);
      held.write('{');
      let status = 0;
      for (let i = 0; i < 100 && status !== 429; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (await otlp.call('POST', '/v1/logs', { token: INGEST, body: {} })).status;
      }
      await call(otlp, 'POST /v1/logs', { body: {} }, 429);
      held.destroy();
    } finally {
      await otlp.close();
    }
  });
});

describe('reads', () => {
  const window = () => ({ from: new Date(Date.now() - 3_600_000).toISOString(), to: String(Date.now() + 60_000) });

  it('lists scripts and deployments', async () => {
    const scripts = await call(api, 'GET /api/v1/scripts', {}, 200);
    expect(scripts.body.scripts.map((s: Json) => s.script)).toEqual([SCRIPT, 'gone']);
    const deployments = await call(
      api,
      'GET /api/v1/deployments',
      { query: { script: [SCRIPT, 'gone'], ...window() } },
      200
    );
    expect(deployments.body.deployments).toHaveLength(3);
    await call(api, 'GET /api/v1/deployments', { query: { script: `${SCRIPT},gone` } }, 200);
    await call(api, 'GET /api/v1/deployments', { query: { from: 'yesterday' } }, 400);
  });

  it('lists runs with filters, free text, sorting and paging', async () => {
    const all = await call(api, 'GET /api/v1/runs', { query: { script: SCRIPT, ...window() } }, 200);
    expect(all.body.total).toBe(4);
    const first = await call(
      api,
      'GET /api/v1/runs',
      { query: { script: SCRIPT, limit: 2, sort: 'response_time_ms', order: 'asc' } },
      200
    );
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await call(
      api,
      'GET /api/v1/runs',
      { query: { script: SCRIPT, limit: 2, sort: 'response_time_ms', order: 'asc', cursor: first.body.next_cursor } },
      200
    );
    expect(second.body.rows).toHaveLength(2);
    const filtered = await call(
      api,
      'GET /api/v1/runs',
      {
        query: {
          filters: [
            { field: 'status', op: 'is', values: ['failed'] },
            { field: 'response_time_ms', op: 'between', values: [100, 200] },
          ],
          match: 'any',
          q: 'e',
        },
      },
      200
    );
    expect(filtered.body.rows.map((r: Json) => r.run_id).sort()).toEqual(['run-fail-1', 'run-ok-1']);
    await call(api, 'GET /api/v1/runs', { query: { filters: [{ field: 'status', op: 'gt', values: [1] }] } }, 400);
    await call(api, 'GET /api/v1/runs', { query: { filters: 'not json' } }, 400);
    await call(api, 'GET /api/v1/runs', { query: { limit: 0 } }, 400);
  });

  it('answers stats, time series, versions and values', async () => {
    const stats = await call(api, 'GET /api/v1/runs/stats', { query: { script: SCRIPT } }, 200);
    expect(stats.body).toMatchObject({ total_runs: 4, failed_runs: 1, failure_rate: 25 });
    await call(api, 'GET /api/v1/runs/stats', { query: { from: 'soon' } }, 400);
    const series = await call(
      api,
      'GET /api/v1/runs/timeseries',
      { query: { ...window(), interval: '5m', tz: 'Europe/Paris' } },
      200
    );
    expect(series.body.buckets.reduce((n: number, b: Json) => n + b.total_runs, 0)).toBe(4);
    await call(api, 'GET /api/v1/runs/timeseries', { query: { script: SCRIPT } }, 200);
    await call(api, 'GET /api/v1/runs/timeseries', { query: { interval: '1 hour' } }, 400);
    await call(api, 'GET /api/v1/runs/timeseries', { query: { interval: '1m', from: '2020-01-01T00:00:00Z' } }, 400);
    const versions = await call(api, 'GET /api/v1/runs/by-version', { query: { script: SCRIPT } }, 200);
    expect(versions.body.versions.map((v: Json) => v.deployment_version)).toEqual([2, 1]);
    await call(api, 'GET /api/v1/runs/by-version', { query: { match: 'some' } }, 400);
    for (const field of ['function', 'source', 'deployment_version', 'status', 'source_type', 'script']) {
      const values = await call(api, 'GET /api/v1/runs/values', { query: { field, script: SCRIPT } }, 200);
      expect(values.body.values.length).toBeGreaterThan(0);
    }
    await call(api, 'GET /api/v1/runs/values', { query: { field: 'error' } }, 400);
  });

  it('answers the record view of a run, its neighbours and logs', async () => {
    const record = await call(
      api,
      'GET /api/v1/runs/{run_id}',
      { params: { run_id: 'run-ok-1' }, query: { script: SCRIPT, sort: 'executed_on', order: 'asc' } },
      200
    );
    expect(record.body.run).toMatchObject({ input: { order: 42 }, output: { charged: true } });
    expect(record.body.logs_total).toBe(8);
    expect(record.body.prev_run_id).toBeNull();
    expect(record.body.next_run_id).toBe('run-fail-1');
    const orphan = await call(api, 'GET /api/v1/runs/{run_id}', { params: { run_id: 'finish-only-1' } }, 200);
    expect(orphan.body.run.executed_on).toBeNull();
    await call(api, 'GET /api/v1/runs/{run_id}', { params: { run_id: 'no-such-run' } }, 404);
    await call(api, 'GET /api/v1/runs/{run_id}', { params: { run_id: 'run-ok-1' }, query: { sort: 'error' } }, 400);
  });

  it('lists logs with filters and paging', async () => {
    const all = await call(
      api,
      'GET /api/v1/logs',
      { query: { script: SCRIPT, ...window(), sort: 'timestamp', order: 'asc' } },
      200
    );
    expect(all.body.total).toBe(9);
    const page = await call(api, 'GET /api/v1/logs', { query: { limit: 3, sort: 'level' } }, 200);
    await call(api, 'GET /api/v1/logs', { query: { limit: 3, sort: 'level', cursor: page.body.next_cursor } }, 200);
    const errors = await call(
      api,
      'GET /api/v1/logs',
      {
        query: {
          filters: [
            { field: 'level', op: 'is', values: ['error', 'warning'] },
            { field: 'message', op: 'contains', values: ['card'] },
          ],
          q: 'declined',
        },
      },
      200
    );
    expect(errors.body.rows.map((r: Json) => r.message)).toEqual(['card declined']);
    await call(api, 'GET /api/v1/logs', { query: { filters: [{ field: 'level', op: 'is', values: ['loud'] }] } }, 400);
    const volume = await call(api, 'GET /api/v1/logs/timeseries', { query: { ...window(), interval: '5m' } }, 200);
    expect(volume.body.buckets.reduce((n: number, b: Json) => n + b.total_logs, 0)).toBeGreaterThan(0);
    await call(api, 'GET /api/v1/logs/timeseries', { query: { tz: 'Mars/Olympus' } }, 400);
  });
});

describe('live tails', () => {
  it('streams a finished run to its end, and a selection until the response time limit', async () => {
    const run = await call(api, 'GET /api/v1/runs/{run_id}/logs/stream', { params: { run_id: 'run-ok-1' } }, 200);
    expect(run.body).toMatch(/^retry: 1000\n/);
    expect(run.body).toContain('event: log\n');
    expect(run.body).toMatch(/event: end\ndata: \{"status":"success"\}\n\n$/);
    const id = /id: (\S+)\nevent: log/.exec(run.body)![1]!;
    await call(
      api,
      'GET /api/v1/runs/{run_id}/logs/stream',
      { params: { run_id: 'run-ok-1' }, query: { last_event_id: id } },
      200
    );
    await call(
      api,
      'GET /api/v1/runs/{run_id}/logs/stream',
      { params: { run_id: 'run-ok-1' }, query: { last_event_id: 'x' } },
      400
    );
    await call(api, 'GET /api/v1/runs/{run_id}/logs/stream', { params: { run_id: 'no-such-run' } }, 404);
    const sel = await call(api, 'GET /api/v1/logs/stream', { query: { script: SCRIPT, q: 'probe' } }, 200);
    expect(sel.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await call(api, 'GET /api/v1/logs/stream', { query: { filters: '[{"field":"nope"}]' } }, 400);
  });
});

describe('exports', () => {
  it('starts, lists, follows, downloads, cancels and expires exports', async () => {
    const started = await call(
      api,
      'POST /api/v1/exports',
      {
        headers: USER,
        body: {
          kind: 'runs',
          script: [SCRIPT],
          filters: [{ field: 'status', op: 'is', values: ['success', 'failed'] }],
          match: 'all',
          q: 'run',
          sort: 'run_id',
          order: 'asc',
        },
      },
      202
    );
    const id: string = started.body.export.id;
    let state = '';
    for (let i = 0; i < 200 && state !== 'done'; i++) {
      state = (await call(api, 'GET /api/v1/exports/{id}', { headers: USER, params: { id } }, 200)).body.export.state;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(state).toBe('done');
    const listed = await call(api, 'GET /api/v1/exports', { headers: USER }, 200);
    expect(listed.body.exports.map((e: Json) => e.id)).toContain(id);
    const file = await call(api, 'GET /api/v1/exports/{id}/download', { headers: USER, params: { id } }, 200);
    expect(file.body).toMatch(/^\uFEFF?Run ID,/);
    await call(api, 'GET /api/v1/exports/{id}', { headers: { 'X-Grafana-User': 'bob' }, params: { id } }, 404);
    await call(api, 'GET /api/v1/exports/{id}/download', { headers: USER, params: { id: UNKNOWN_EXPORT } }, 404);
    await call(api, 'DELETE /api/v1/exports/{id}', { headers: USER, params: { id: UNKNOWN_EXPORT } }, 404);

    const cancelled = await call(api, 'DELETE /api/v1/exports/{id}', { headers: USER, params: { id } }, 200);
    expect(cancelled.body.export.state).toBe('cancelled');
    await call(api, 'GET /api/v1/exports/{id}/download', { headers: USER, params: { id } }, 409);

    const logs = await call(
      api,
      'POST /api/v1/exports',
      { headers: USER, body: { kind: 'logs', script: SCRIPT } },
      202
    );
    await api.exports.idle();
    await api.exports.sweep(new Date(Date.parse(logs.body.export.expires_at) + 1000));
    await call(api, 'GET /api/v1/exports/{id}/download', { headers: USER, params: { id: logs.body.export.id } }, 410);

    // Bad input: no user, a bad id, a bad selection, an oversize body.
    await call(api, 'GET /api/v1/exports', {}, 400);
    await call(api, 'GET /api/v1/exports/{id}', { headers: USER, params: { id: 'nope' } }, 400);
    await call(api, 'GET /api/v1/exports/{id}/download', { headers: USER, params: { id: 'nope' } }, 400);
    await call(api, 'DELETE /api/v1/exports/{id}', { headers: USER, params: { id: 'nope' } }, 400);
    await call(api, 'POST /api/v1/exports', { headers: USER, body: { kind: 'logs', sort: 'response_time_ms' } }, 400);
    await call(api, 'POST /api/v1/exports', { headers: USER, body: { kind: 'runs', q: 'x'.repeat(200_000) } }, 413);
  });
});

describe('auth', () => {
  it('answers 401 without or with an unknown token and 403 with the other scope, on every operation', async () => {
    for (const o of operations) {
      const token = defaultToken(o.op);
      if (!token) {
        continue;
      }
      const opts = valid[o.key]!;
      await call(api, o.key, { ...opts, token: null }, 401);
      await call(api, o.key, { ...opts, token: 'not-a-known-token-0000' }, 401);
      await call(api, o.key, { ...opts, token: token === INGEST ? READ : INGEST }, 403);
    }
  });
});

describe('while Elasticsearch is unreachable', () => {
  it('answers 503 with Retry-After on every operation that needs it, and the service routes still answer', async () => {
    for (const o of operations) {
      const expected = o.key === 'GET /healthz' || o.key === 'GET /metrics' ? 200 : 503;
      await call(down, o.key, valid[o.key]!, expected);
    }
  });
});

describe('coverage', () => {
  it('documents exactly the routes Express serves', () => {
    const served = expressRoutes(createApp(api.config, api.es, pino({ level: 'silent' })).app);
    expect(served.length).toBeGreaterThan(10);
    expect(new Set(served).size).toBe(served.length);
    expect(served.filter((r) => !opByKey.has(r))).toEqual([]);
    expect(operations.map((o) => o.key).filter((k) => !served.includes(k))).toEqual([]);
  });

  it('exercised every documented operation with a 2xx answer, and every documented status', () => {
    const missing: string[] = [];
    for (const o of operations) {
      const statuses = seen.get(o.key) ?? new Set<string>();
      if (![...statuses].some((s) => s.startsWith('2'))) {
        missing.push(`${o.key}: no 2xx`);
      }
      // `default` (500 internal) is the one response the tests do not provoke.
      for (const status of Object.keys(o.op.responses).filter((s) => s !== 'default')) {
        if (!statuses.has(status)) {
          missing.push(`${o.key}: ${status}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
