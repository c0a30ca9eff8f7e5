import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Api, eventually, INGEST, startApi } from '../../../backend/test/harness';
import { createLogger, ENV } from '../src';

/** The TypeScript logger SDK against the real backend and Elasticsearch. */

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const REPO = join(__dirname, '..', '..', '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

let api: Api;
beforeAll(async () => {
  api = await startApi();
  expect((await api.ingest('POST', '/api/v1/scripts/billing/deployments')).status).toBe(201);
});
afterAll(() => api?.close());

async function startRun(runId: string) {
  const res = await api.ingest('POST', '/api/v1/runs', {
    run_id: runId,
    script: 'billing',
    function: 'charge',
    source_type: 'api',
    source: 'checkout',
  });
  expect(res.status).toBe(201);
}

const envFor = (runId: string, over: Record<string, string> = {}) => ({
  PATH: process.env.PATH!,
  [ENV.url]: api.url,
  [ENV.token]: INGEST,
  [ENV.runId]: runId,
  [ENV.script]: 'billing',
  [ENV.function]: 'charge',
  [ENV.deploymentId]: '1',
  [ENV.source]: 'checkout',
  [ENV.sourceType]: 'api',
  [ENV.traceparent]: TRACEPARENT,
  ...over,
});

/** Runs a fixture script with tsx; resolves with its exit code and output. */
function runFixture(file: string, args: string[], env: Record<string, string>, onStderr?: (text: string) => void) {
  return new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(TSX, [join(__dirname, 'fixtures', file), ...args], { env, cwd: REPO });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr += d;
      onStderr?.(stderr);
      if (stderr.includes('READY') && args[0] === 'sigterm' && !child.killed) {
        child.kill('SIGTERM');
      }
    });
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('logger', () => {
  it('sends each level with attributes, run binding and trace context, and prints the korelogger line', async () => {
    await startRun('sdk-run-1');
    const printed: string[] = [];
    const log = createLogger({
      url: api.url,
      token: INGEST,
      runId: 'sdk-run-1',
      script: 'billing',
      deploymentId: 1,
      source: 'checkout',
      sourceType: 'api',
      traceparent: TRACEPARENT,
      handleExit: false,
      write: (line) => printed.push(line),
    });
    log.debug('d', { step: 1 });
    log.info('i', { step: 2, ok: true });
    log.warning('w');
    log.error('e', { code: 'E42' });
    await log.shutdown();
    expect(log.stats()).toEqual({ emitted: 4, exported: 4, failed: 0, dropped: 0 });

    const rows = await api.storedLogs('sdk-run-1');
    expect(rows.map((r) => [r.level, r.message])).toEqual([
      ['debug', 'd'],
      ['info', 'i'],
      ['warning', 'w'],
      ['error', 'e'],
    ]);
    expect(rows[1]).toMatchObject({
      script: 'billing',
      function: 'charge',
      deployment_version: 1,
      source: 'checkout',
      source_type: 'api',
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      traceparent: TRACEPARENT,
      attributes: { step: 2, ok: true },
    });

    // The printed lines are the seed's span JSON; sent by stdout capture too, each is stored once.
    expect(printed).toHaveLength(4);
    const span = JSON.parse(printed[3]!);
    expect(span).toMatchObject({
      name: 'e',
      context: { trace_id: '0x4bf92f3577b34da6a3ce929d0e0e4736', span_id: '0x00f067aa0ba902b7' },
      attributes: {
        run_id: 'sdk-run-1',
        'log.level': 'error',
        'log.message': 'e',
        code: 'E42',
        traceparent: TRACEPARENT,
      },
      resource: { attributes: { 'service.name': 'billing' } },
    });
    expect(span.log_id).toBe(rows[3]!.log_id);
    const again = await api.call('POST', '/api/v1/logs', {
      token: INGEST,
      raw: printed.join('\n'),
      contentType: 'application/x-ndjson',
    });
    expect(again.status).toBe(200);
    expect(await api.storedLogs('sdk-run-1')).toHaveLength(4);
  });

  it('retries a 503 after its Retry-After, then delivers', async () => {
    await startRun('sdk-run-2');
    const seen: number[] = [];
    const proxy = await listen((req, body, res) => {
      seen.push(Date.now());
      if (seen.length === 1) {
        res.writeHead(503, { 'retry-after': '1', 'content-type': 'application/json' }).end('{"code":14}');
        return;
      }
      void fetch(`${api.url}${req.url}`, {
        method: 'POST',
        headers: { authorization: req.headers.authorization!, 'content-type': req.headers['content-type']! },
        body: new Uint8Array(body),
      }).then(async (r) => res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()));
    });
    try {
      const log = createLogger({ url: proxy.url, token: INGEST, runId: 'sdk-run-2', stdout: false, handleExit: false });
      log.info('after a retry');
      await log.shutdown(15_000);
      expect(log.stats()).toMatchObject({ exported: 1, failed: 0 });
      expect(seen).toHaveLength(2);
      // Retry-After: 1 was honoured (the exporter's own first backoff would be about 1 s too, so
      // this is a lower bound only).
      expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(900);
      expect((await api.storedLogs('sdk-run-2')).map((r) => r.message)).toEqual(['after a retry']);
    } finally {
      await proxy.close();
    }
  });

  it('bounds its queue and counts what it drops; flush and emit never block or throw', async () => {
    // A backend that never answers: the first batch stays in flight.
    const stuck = await listen(() => undefined);
    try {
      const log = createLogger({
        url: stuck.url,
        token: INGEST,
        runId: 'sdk-run-3',
        stdout: false,
        handleExit: false,
        maxQueueSize: 10,
      });
      for (let i = 0; i < 50; i++) {
        log.info(`line ${i}`);
      }
      expect(log.stats()).toMatchObject({ emitted: 10, dropped: 40 });
      const circular: any = {};
      circular.self = circular;
      expect(() => log.info(circular as string, circular)).not.toThrow();
      await log.flush(100); // resolves although the backend never answers
      expect(log.stats().exported).toBe(0);
    } finally {
      await stuck.close();
    }
  });
});

describe('in a script process', () => {
  it('flushes on normal exit without a call to flush', async () => {
    await startRun('sdk-exit-1');
    const r = await runFixture('exit.ts', ['normal'], envFor('sdk-exit-1'));
    expect(r.code).toBe(0);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).attributes['log.message'])
    ).toEqual(['started in normal mode', 'about to end']);
    expect((await api.storedLogs('sdk-exit-1')).map((l) => l.message)).toEqual([
      'started in normal mode',
      'about to end',
    ]);
  });

  it('flushes on an uncaught error, records it, and exits 1 with the error on stderr', async () => {
    await startRun('sdk-exit-2');
    const r = await runFixture('exit.ts', ['throw'], envFor('sdk-exit-2'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('boom from the script');
    const rows = await api.storedLogs('sdk-exit-2');
    expect(rows.map((l) => [l.level, l.message])).toEqual([
      ['info', 'started in throw mode'],
      ['warning', 'about to end'],
      ['error', 'uncaught error: boom from the script'],
    ]);
    expect(rows[2]!.attributes['exception.stacktrace']).toContain('exit.ts');
  });

  it('flushes on SIGTERM and exits as killed by it', async () => {
    await startRun('sdk-exit-3');
    const r = await runFixture('exit.ts', ['sigterm'], envFor('sdk-exit-3'));
    expect(r.code === 143 || r.signal === 'SIGTERM').toBe(true);
    await eventually(async () => (await api.storedLogs('sdk-exit-3')).length === 2, 10_000);
  });
});

describe('run wrapper', () => {
  it.each([
    ['success', 'success'],
    ['fail', 'failed'],
  ])('%s: starts the run, sends live records, stdout/stderr at the end, and finishes it', async (mode, status) => {
    const runId = `sdk-wrap-${mode}`;
    const r = await runFixture('run.ts', [mode], envFor(runId));
    expect(r.code).toBe(0);
    const result = JSON.parse(/RESULT (.*)/.exec(r.stderr)![1]!);
    expect(result).toMatchObject({ runId, status });

    await api.refresh();
    const record = await api.read(`/api/v1/runs/${runId}`);
    expect(record.status).toBe(200);
    expect(record.body.run).toMatchObject({ run_id: runId, status, script: 'billing', deployment_version: 1 });
    expect(record.body.run.trace_id).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    if (status === 'success') {
      // SPEC: a response time for successful runs only.
      expect(record.body.run.response_time_ms).toBeGreaterThanOrEqual(20);
      expect(record.body.run.output).toEqual({ charged: true });
    } else {
      expect(record.body.run.error).toContain('card declined');
    }
    expect(record.body.run.input).toEqual({ order: 7 });
    const rows = await api.storedLogs(runId);
    expect(rows.map((l) => [l.level, l.message]).sort()).toEqual(
      [
        ['info', 'structured record'],
        ['stderr', 'plain stderr line'],
        ['stdout', 'plain stdout line'],
      ].sort()
    );
  });
});

/** A throwaway HTTP server; the handler gets the whole body. */
async function listen(
  handler: (req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => void
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => handler(req, Buffer.concat(chunks), res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
