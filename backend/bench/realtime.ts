/**
 * The real-time section of `npm run bench`: POST-to-visible latency seen by live-tail readers
 * (many concurrent SSE tails), the logger SDK's cost per record inside the script's process,
 * and `POST /v1/logs` (OTLP JSON) throughput beside raw `_bulk` of the same records.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { RunLogger } from '../../sdk/typescript/src';

export interface RealtimeContext {
  url: string;
  ingestToken: string;
  readToken: string;
  logsIndex: (at: Date) => string;
  run: { run_id: string; script: string; function: string; source: string; source_type: string };
  /** Raw `_bulk` of an NDJSON body, retried as the bench's own ingest comparison does. */
  bulk: (body: string) => Promise<unknown>;
  progress: (msg: string) => void;
  tails: number;
  tailLines: number;
  otlpLines: number;
  sdkRecords: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

/** One SSE reader: calls `onLog` with each log event's data as it arrives. */
function openTail(url: string, token: string, agent: http.Agent, onLog: (data: { message: string }) => void) {
  let req: http.ClientRequest | undefined;
  const opened = new Promise<void>((resolve, reject) => {
    req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`tail answered ${res.statusCode}`));
        return;
      }
      resolve();
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          if (block.includes('event: log')) {
            const data = block.split('\n').find((l) => l.startsWith('data: '));
            if (data) {
              onLog(JSON.parse(data.slice(6)));
            }
          }
        }
      });
    });
    req.on('error', reject);
  });
  return { opened, close: () => req?.destroy() };
}

async function tailLatency(ctx: RealtimeContext) {
  const tag = `bench-tail-${Date.now().toString(36)}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: ctx.tails + 8 });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const received = new Map<string, number>();
  const url = `${ctx.url}/api/v1/logs/stream?script=${tag}`;
  ctx.progress(`live tail: ${ctx.tails} concurrent tails, ${ctx.tailLines} lines`);
  const tails = Array.from({ length: ctx.tails }, () =>
    openTail(url, ctx.readToken, agent, (d) => {
      const t = sentAt.get(d.message);
      if (t !== undefined) {
        latencies.push(performance.now() - t);
        received.set(d.message, (received.get(d.message) ?? 0) + 1);
      }
    })
  );
  await Promise.all(tails.map((t) => t.opened));
  await sleep(500);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ctx.ingestToken}` };
  for (let i = 0; i < ctx.tailLines; i++) {
    const message = `${tag} line ${i}`;
    sentAt.set(message, performance.now());
    const res = await fetch(`${ctx.url}/api/v1/logs`, {
      method: 'POST',
      headers,
      body: JSON.stringify([{ run_id: ctx.run.run_id, script: tag, level: 'info', message }]),
    });
    if (res.status !== 200) {
      throw new Error(`POST /api/v1/logs ${res.status}`);
    }
    await sleep(100);
  }
  const expected = ctx.tails * ctx.tailLines;
  const deadline = Date.now() + 15_000;
  while (latencies.length < expected && Date.now() < deadline) {
    await sleep(50);
  }
  tails.forEach((t) => t.close());
  agent.destroy();
  const p50 = round(percentile(latencies, 50), 1);
  const p99 = round(percentile(latencies, 99), 1);
  ctx.progress(`live tail: p50 ${p50} ms, p99 ${p99} ms over ${latencies.length} of ${expected} deliveries`);
  return {
    concurrent_tails: ctx.tails,
    lines: ctx.tailLines,
    deliveries: latencies.length,
    expected_deliveries: expected,
    post_to_visible_p50_ms: p50,
    post_to_visible_p99_ms: p99,
    post_to_visible_max_ms: round(Math.max(...latencies), 1),
    target: { p99_ms_max: 1000 },
    pass: latencies.length === expected && p99 <= 1000,
  };
}

async function sdkCost(ctx: RealtimeContext) {
  ctx.progress(`sdk: ${ctx.sdkRecords} records through the TypeScript logger`);
  const measure = async (printing: boolean) => {
    let printed = 0;
    const logger = new RunLogger({
      url: ctx.url,
      token: ctx.ingestToken,
      runId: ctx.run.run_id,
      script: ctx.run.script,
      source: ctx.run.source,
      sourceType: ctx.run.source_type as 'api',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      handleExit: false,
      maxQueueSize: ctx.sdkRecords + 1,
      // The stdout line is built either way; written to a counter, not the terminal.
      stdout: printing,
      write: () => void printed++,
    });
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < ctx.sdkRecords; i++) {
      logger.info(`sdk bench record ${i}`, { i, step: 'charge' });
    }
    const emitMs = performance.now() - t0;
    const t1 = performance.now();
    await logger.shutdown(60_000);
    const flushMs = performance.now() - t1;
    const cpu = process.cpuUsage(cpu0);
    const stats = logger.stats();
    return {
      stdout_line: printing,
      emit_us_per_record: round((emitMs * 1000) / ctx.sdkRecords, 2),
      cpu_us_per_record_including_export: round((cpu.user + cpu.system) / ctx.sdkRecords, 2),
      flush_after_emit_ms: round(flushMs, 1),
      ...stats,
      printed,
    };
  };
  return { records: ctx.sdkRecords, with_stdout_line: await measure(true), otlp_only: await measure(false) };
}

async function otlpThroughput(ctx: RealtimeContext) {
  const batch = 1000;
  const batches = Math.max(1, Math.ceil(ctx.otlpLines / batch));
  const tag = Date.now().toString(36);
  ctx.progress(`otlp: ${batches * batch} records via POST /v1/logs beside raw _bulk`);
  const kv = (key: string, v: string | number) => ({
    key,
    value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v },
  });
  const otlpBodies: string[] = [];
  const rawBodies: string[] = [];
  for (let b = 0; b < batches; b++) {
    const now = Date.now();
    const records = [];
    const raw: string[] = [];
    for (let i = 0; i < batch; i++) {
      const ts = now + i;
      const logId = `otlp-${tag}-${b}-${i}`;
      const message = `order ${i} charged in ${i % 97} ms`;
      records.push({
        timeUnixNano: `${ts}000000`,
        severityNumber: 9,
        body: { stringValue: message },
        attributes: [kv('run_id', ctx.run.run_id), kv('log.record.uid', logId), kv('order.id', i)],
      });
      const rawLogId = `raw-${logId}`;
      const doc = {
        log_id: rawLogId,
        run_id: ctx.run.run_id,
        script: ctx.run.script,
        function: ctx.run.function,
        deployment_version: null,
        source: ctx.run.source,
        source_type: ctx.run.source_type,
        level: 'info',
        message,
        timestamp: new Date(ts).toISOString(),
        seq: ts * 1000 + i,
        trace_id: null,
        span_id: null,
        traceparent: null,
        attributes: { 'order.id': i },
      };
      raw.push(`{"index":{"_index":"${ctx.logsIndex(new Date(ts))}","_id":"${rawLogId}"}}\n${JSON.stringify(doc)}`);
    }
    otlpBodies.push(
      JSON.stringify({
        resourceLogs: [
          { resource: { attributes: [kv('service.name', ctx.run.script)] }, scopeLogs: [{ logRecords: records }] },
        ],
      })
    );
    rawBodies.push(raw.join('\n') + '\n');
  }
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${ctx.ingestToken}` };
  const sendOtlp = async (body: string) => {
    const res = await fetch(`${ctx.url}/v1/logs`, { method: 'POST', headers, body });
    const answer = (await res.json()) as { partialSuccess?: unknown };
    if (res.status !== 200 || answer.partialSuccess) {
      throw new Error(`POST /v1/logs ${res.status}`);
    }
  };
  const phase = async (bodies: string[], send: (b: string) => Promise<unknown>) => {
    let next = 0;
    const s = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          await send(bodies[i]!);
        }
      })
    );
    return (bodies.length * batch) / ((performance.now() - s) / 1000);
  };
  // Alternating halves, as the API ingest comparison does.
  const half = Math.ceil(batches / 2);
  let otlpRate = 0;
  let rawRate = 0;
  for (const [a, z] of [
    [0, half],
    [half, batches],
  ] as const) {
    if (a >= z) {
      continue;
    }
    otlpRate += (await phase(otlpBodies.slice(a, z), sendOtlp)) * (z - a);
    rawRate += (await phase(rawBodies.slice(a, z), ctx.bulk)) * (z - a);
  }
  otlpRate /= batches;
  rawRate /= batches;
  ctx.progress(`otlp: ${Math.round(otlpRate)} records/s, raw _bulk ${Math.round(rawRate)} records/s`);
  return {
    records: batches * batch,
    records_per_request: batch,
    concurrent_clients: 4,
    otlp_json_records_per_s: Math.round(otlpRate),
    raw_bulk_records_per_s: Math.round(rawRate),
    ratio: round(otlpRate / rawRate),
  };
}

export async function realtimeBench(ctx: RealtimeContext) {
  return {
    live_tail: ctx.tails > 0 ? await tailLatency(ctx) : 'skipped',
    sdk: ctx.sdkRecords > 0 ? await sdkCost(ctx) : 'skipped',
    otlp_ingest: ctx.otlpLines > 0 ? await otlpThroughput(ctx) : 'skipped',
  };
}
