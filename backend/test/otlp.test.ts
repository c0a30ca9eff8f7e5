import { request as httpRequest } from 'node:http';
import { gzipSync } from 'node:zlib';
import { OTLPLogExporter as HttpExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { Request as ProtoRequest, Response as ProtoResponse } from '../src/otlp/protobuf';
import { type Api, INGEST, READ, startApi } from './harness';

/** POST /v1/logs: the official OTel JS exporters as clients, then hand-made edge payloads. */

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

let api: Api;
beforeAll(async () => {
  api = await startApi();
  await api.ingest('POST', '/api/v1/scripts/billing/deployments');
  const started = await api.ingest('POST', '/api/v1/runs', {
    run_id: 'otlp-run-1',
    script: 'billing',
    function: 'charge',
    source_type: 'api',
    source: 'checkout',
  });
  expect(started.status).toBe(201);
});
afterAll(() => api?.close());

const post = (body: Buffer | string, headers: Record<string, string>) =>
  fetch(`${api.url}/v1/logs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${INGEST}`, ...headers },
    body,
  });

// A record time inside the event window whatever the date the suite runs on.
const AT = `${new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10)}T10:00:00.123Z`;

function record(over: Record<string, unknown> = {}, attrs: Array<[string, unknown]> = [['run_id', 'otlp-run-1']]) {
  return {
    timeUnixNano: String(BigInt(Date.parse(AT)) * 1_000_000n + 456n),
    severityNumber: 9,
    severityText: 'INFO',
    body: { stringValue: 'hello' },
    attributes: attrs.map(([key, v]) => ({
      key,
      value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: String(v) },
    })),
    ...over,
  };
}
const requestOf = (records: unknown[], resource: Array<[string, string]> = [['service.name', 'billing']]) => ({
  resourceLogs: [
    {
      resource: { attributes: resource.map(([key, v]) => ({ key, value: { stringValue: v } })) },
      scopeLogs: [{ scope: { name: 'checkout-lib', version: '1.2.0' }, logRecords: records }],
    },
  ],
});

describe('official OTel JS exporters', () => {
  it.each([
    ['JSON', HttpExporter, 'otlp-json'],
    ['protobuf', ProtoExporter, 'otlp-proto'],
  ] as const)('%s exporter: records land with level, attributes and run columns', async (_n, Exporter, tag) => {
    const runId = `otlp-run-1`;
    const exporter = new Exporter({ url: `${api.url}/v1/logs`, headers: { authorization: `Bearer ${INGEST}` } });
    const provider = new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': 'billing', 'host.name': 'worker-7' }),
      processors: [new BatchLogRecordProcessor({ exporter, scheduledDelayMillis: 50 })],
    });
    const logger = provider.getLogger('script-lib', '0.9.0');
    const levels: Array<[SeverityNumber, string]> = [
      [SeverityNumber.DEBUG, 'debug'],
      [SeverityNumber.INFO2, 'info'],
      [SeverityNumber.WARN, 'warning'],
      [SeverityNumber.ERROR, 'error'],
      [SeverityNumber.FATAL, 'error'],
    ];
    levels.forEach(([severityNumber], i) =>
      logger.emit({
        severityNumber,
        body: `${tag} line ${i}`,
        attributes: { run_id: runId, deployment_id: 1, tag, 'order.id': 42 + i },
        timestamp: new Date(Date.now() - 1000 + i),
      })
    );
    await provider.forceFlush();
    await provider.shutdown();

    const rows = (await api.storedLogs(runId)).filter((r) => r.attributes?.tag === tag);
    expect(rows.map((r) => [r.message, r.level])).toEqual(levels.map(([, level], i) => [`${tag} line ${i}`, level]));
    expect(rows[0]).toMatchObject({
      run_id: runId,
      script: 'billing',
      function: 'charge',
      source: 'checkout',
      source_type: 'api',
      deployment_version: 1,
      attributes: {
        'order.id': 42,
        'resource.host.name': 'worker-7',
        'otel.scope.name': 'script-lib',
        'otel.scope.version': '0.9.0',
      },
    });
  });
});

describe('hand-made payloads', () => {
  it('maps ids, severity, time, body and attributes; a record without run_id is rejected in partialSuccess', async () => {
    const res = await post(
      JSON.stringify(
        requestOf([
          record({ traceId: TRACE, spanId: SPAN, flags: 1, severityNumber: 13, body: { stringValue: 'slow' } }, [
            ['run_id', 'otlp-run-2'],
            ['log.record.uid', 'otlp-uid-1'],
            ['source', 'nightly'],
          ]),
          record(
            {
              severityNumber: 0,
              severityText: 'warn',
              body: { kvlistValue: { values: [{ key: 'a', value: { intValue: '1' } }] } },
            },
            [['run_id', 'otlp-run-2']]
          ),
          record({}, [['other', 'x']]),
        ])
      ),
      { 'content-type': 'application/json' }
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.partialSuccess.rejectedLogRecords).toBe('1');
    expect(body.partialSuccess.errorMessage).toContain('resourceLogs[0].scopeLogs[0].logRecords[2].run_id');

    const rows = await api.storedLogs('otlp-run-2');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      log_id: 'otlp-uid-1',
      level: 'warning',
      message: 'slow',
      timestamp: AT,
      script: 'billing',
      source: 'nightly',
      trace_id: TRACE,
      span_id: SPAN,
      traceparent: `00-${TRACE}-${SPAN}-01`,
    });
    expect(rows[1]).toMatchObject({ level: 'warning', message: '{"a":1}', trace_id: null });
  });

  it('a record dated outside the event window is rejected alone, and no index is made for it', async () => {
    const nanos = (ms: number) => String(BigInt(ms) * 1_000_000n);
    const res = await post(
      JSON.stringify(
        requestOf([
          record({ body: { stringValue: 'in window' } }, [['run_id', 'otlp-run-w']]),
          record({ timeUnixNano: nanos(Date.parse('2001-02-03T00:00:00Z')) }, [['run_id', 'otlp-run-w']]),
          record({ timeUnixNano: nanos(Date.now() + 400 * 86_400_000) }, [['run_id', 'otlp-run-w']]),
        ])
      ),
      { 'content-type': 'application/json' }
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.partialSuccess.rejectedLogRecords).toBe('2');
    expect(body.partialSuccess.errorMessage).toContain('logRecords[1].timeUnixNano: older than the retention');
    expect(body.partialSuccess.errorMessage).toContain('logRecords[2].timeUnixNano: more than');
    expect((await api.storedLogs('otlp-run-w')).map((r) => r.message)).toEqual(['in window']);
    const made = await api.es.cat.indices({ index: `${api.prefix}-logs-2001*`, format: 'json' });
    expect(made).toHaveLength(0);
  });

  it('takes gzip bodies, JSON and protobuf, and answers in the request encoding', async () => {
    const json = JSON.stringify(
      requestOf([record({ body: { stringValue: 'zipped json' } }, [['run_id', 'otlp-run-3']])])
    );
    const r1 = await post(gzipSync(json), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect([r1.status, await r1.json()]).toEqual([200, {}]);

    const pb = requestOf([
      record(
        { traceId: Buffer.from(TRACE, 'hex'), spanId: Buffer.from(SPAN, 'hex'), body: { stringValue: 'zipped pb' } },
        [['run_id', 'otlp-run-3']]
      ),
      record({}, [['no_run', 'x']]),
    ]);
    const bytes = ProtoRequest.encode(ProtoRequest.fromObject(pb)).finish();
    const r2 = await post(gzipSync(bytes), { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    expect(r2.status).toBe(200);
    expect(r2.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    const answer = ProtoResponse.toObject(ProtoResponse.decode(Buffer.from(await r2.arrayBuffer())), { longs: Number });
    expect(answer.partialSuccess.rejectedLogRecords).toBe(1);

    const rows = await api.storedLogs('otlp-run-3');
    expect(rows.map((r) => r.message).sort()).toEqual(['zipped json', 'zipped pb']);
    expect(rows.find((r) => r.message === 'zipped pb')).toMatchObject({ trace_id: TRACE, span_id: SPAN });
  });

  it('an empty request is a success; a malformed one is 400 naming the field, in an OTLP Status', async () => {
    expect((await post('{}', { 'content-type': 'application/json' })).status).toBe(200);

    const bad = await post(JSON.stringify({ resourceLogs: [{ scopeLogs: 'nope' }] }), {
      'content-type': 'application/json',
    });
    expect(bad.status).toBe(400);
    const status = (await bad.json()) as any;
    expect(status.code).toBe(3);
    expect(status.message).toContain('body.resourceLogs[0].scopeLogs');

    expect((await post('{not json', { 'content-type': 'application/json' })).status).toBe(400);
    const badPb = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
    expect(badPb.status).toBe(400);
    expect(badPb.headers.get('content-type')).toMatch(/^application\/x-protobuf/);

    expect((await post('x', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('{}', { 'content-type': 'application/json', authorization: `Bearer ${READ}` })).status).toBe(
      403
    );
    expect((await post('{}', { 'content-type': 'application/json', authorization: '' })).status).toBe(401);
  });

  it('413 for a body over the limit, nothing stored', async () => {
    const big = requestOf([record({ body: { stringValue: 'x'.repeat(1_100_000) } }, [['run_id', 'otlp-run-4']])]);
    const res = await post(JSON.stringify(big), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(await api.storedLogs('otlp-run-4')).toEqual([]);
  });
});

describe('retryable answers', () => {
  it('429 with Retry-After while the instance has its limit of requests in flight', async () => {
    const limited = await startApi({ OTLP_MAX_CONCURRENT: '1' });
    try {
      // A request whose body is still arriving holds the one slot.
      const held = httpRequest(`${limited.url}/v1/logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json', 'content-length': '100' },
      });
      held.on('error', () => undefined);
      held.write('{"resourceLogs":');
      await new Promise((r) => setTimeout(r, 200));
      let res: Response | undefined;
      // The held request reaches the limiter asynchronously; ask until it has.
      for (let i = 0; i < 50; i++) {
        res = await fetch(`${limited.url}/v1/logs`, {
          method: 'POST',
          headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
          body: '{}',
        });
        if (res.status === 429) {
          break;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(res!.status).toBe(429);
      expect(res!.headers.get('retry-after')).toBe('1');
      expect(((await res!.json()) as any).code).toBe(8);
      held.destroy();
    } finally {
      await limited.close();
    }
  });

  it('503 with Retry-After while Elasticsearch is unreachable', async () => {
    const down = await startApi({ ES_URL: 'http://127.0.0.1:9', SKIP_ENSURE: '1' });
    try {
      const res = await fetch(`${down.url}/v1/logs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${INGEST}`, 'content-type': 'application/json' },
        body: JSON.stringify(requestOf([record()])),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(((await res.json()) as any).code).toBe(14);
    } finally {
      await down.close().catch(() => undefined);
    }
  });
});
