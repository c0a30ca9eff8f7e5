import { randomUUID } from 'node:crypto';
import { ROOT_CONTEXT, trace, type Context } from '@opentelemetry/api';
import { type Logger as OtelLogger, SeverityNumber } from '@opentelemetry/api-logs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchLogRecordProcessor,
  LoggerProvider,
  type LogRecordExporter,
  type ReadableLogRecord,
} from '@opentelemetry/sdk-logs';
import { parseTraceparent, resolveBinding, type RunBinding, type TraceContext } from './config';
import { type Attributes, type Level, spanLine } from './line';
import { installExitHooks, removeLogger } from './exit';

export interface LoggerOptions extends RunBinding {
  /** Also print each record to stdout as a korelogger span JSON line (default true). */
  stdout?: boolean;
  /** Where stdout lines go (the run wrapper passes its uncaptured writer). */
  write?: (line: string) => void;
  /** Records waiting to be sent, at most; beyond it records are dropped and counted. */
  maxQueueSize?: number;
  /** How long a record waits for its batch, at most (ms). */
  batchDelayMs?: number;
  /** One export attempt's time limit, retries included (ms). */
  exportTimeoutMs?: number;
  /** Flush on normal exit, uncaught error and SIGTERM (default true). */
  handleExit?: boolean;
}

export interface LoggerStats {
  /** Records handed to the exporter queue. */
  emitted: number;
  /** Records the backend acknowledged. */
  exported: number;
  /** Records whose export failed after the exporter's retries. */
  failed: number;
  /** Records dropped because the queue was full. */
  dropped: number;
}

const SEVERITY: Record<Level, SeverityNumber> = {
  debug: SeverityNumber.DEBUG,
  info: SeverityNumber.INFO,
  warning: SeverityNumber.WARN,
  error: SeverityNumber.ERROR,
};

/** Counts what the OTLP exporter delivered, so the bounded queue knows what is still pending. */
class CountingExporter implements LogRecordExporter {
  constructor(
    private readonly inner: LogRecordExporter,
    private readonly stats: LoggerStats
  ) {}
  export(logs: ReadableLogRecord[], done: (result: ExportResult) => void): void {
    this.inner.export(logs, (result) => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.stats.exported += logs.length;
      } else {
        this.stats.failed += logs.length;
      }
      done(result);
    });
  }
  shutdown() {
    return this.inner.shutdown();
  }
  forceFlush() {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

const within = (ms: number, p: Promise<unknown>) =>
  Promise.race([p.catch(() => undefined), new Promise((r) => setTimeout(r, ms).unref())]).then(() => undefined);

/**
 * A structured logger bound to one run. Records go out through OpenTelemetry's logs SDK
 * (BatchLogRecordProcessor + the OTLP/HTTP exporter, which retries 429/502/503/504 with
 * backoff and honours Retry-After) to the backend's `POST /v1/logs`. No method throws or
 * blocks: emitting only queues, and flushing is bounded in time.
 */
export class RunLogger {
  readonly run: RunBinding;
  private readonly trace: TraceContext | undefined;
  private readonly context: Context;
  private readonly provider: LoggerProvider | undefined;
  private readonly otel: OtelLogger | undefined;
  private readonly counts: LoggerStats = { emitted: 0, exported: 0, failed: 0, dropped: 0 };
  private readonly maxQueueSize: number;
  private readonly printLine: ((line: string) => void) | undefined;
  private closed = false;

  constructor(options: LoggerOptions = {}) {
    this.run = resolveBinding(options);
    this.trace = parseTraceparent(this.run.traceparent);
    this.context = this.trace ? trace.setSpanContext(ROOT_CONTEXT, { ...this.trace, isRemote: true }) : ROOT_CONTEXT;
    this.maxQueueSize = options.maxQueueSize ?? 2048;
    if (options.stdout !== false) {
      this.printLine = options.write ?? ((line) => process.stdout.write(line + '\n'));
    }
    if (this.run.url && this.run.token && this.run.runId) {
      const exporter = new OTLPLogExporter({
        url: `${this.run.url}/v1/logs`,
        headers: { authorization: `Bearer ${this.run.token}` },
        timeoutMillis: options.exportTimeoutMs ?? 10_000,
      });
      this.provider = new LoggerProvider({
        resource: resourceFromAttributes(this.run.script ? { 'service.name': this.run.script } : {}),
        processors: [
          new BatchLogRecordProcessor({
            exporter: new CountingExporter(exporter, this.counts),
            scheduledDelayMillis: options.batchDelayMs ?? 200,
            maxQueueSize: this.maxQueueSize,
            maxExportBatchSize: Math.min(512, this.maxQueueSize),
            exportTimeoutMillis: options.exportTimeoutMs ?? 10_000,
          }),
        ],
      });
      this.otel = this.provider.getLogger('@runlens/logger');
    }
    if (options.handleExit !== false) {
      installExitHooks(this);
    }
  }

  debug(message: string, attributes?: Attributes): void {
    this.emit('debug', message, attributes);
  }
  info(message: string, attributes?: Attributes): void {
    this.emit('info', message, attributes);
  }
  warning(message: string, attributes?: Attributes): void {
    this.emit('warning', message, attributes);
  }
  error(message: string, attributes?: Attributes): void {
    this.emit('error', message, attributes);
  }

  /** Counts of what happened to the records so far. */
  stats(): LoggerStats {
    return { ...this.counts };
  }

  /** Records queued and not yet acknowledged or failed. */
  pending(): number {
    return this.counts.emitted - this.counts.exported - this.counts.failed;
  }

  emit(level: Level, message: unknown, attributes: Attributes = {}): void {
    try {
      const text = typeof message === 'string' ? message : String(message);
      const time = new Date();
      const logId = randomUUID();
      const attrs = Object.fromEntries(Object.entries(attributes ?? {}).filter(([, v]) => v !== undefined));
      this.printLine?.(spanLine({ logId, level, message: text, time, attributes: attrs }, this.run, this.trace));
      if (!this.otel || this.closed) {
        return;
      }
      if (this.pending() >= this.maxQueueSize) {
        this.counts.dropped++;
        return;
      }
      this.counts.emitted++;
      this.otel.emit({
        timestamp: time,
        severityNumber: SEVERITY[level],
        severityText: level.toUpperCase(),
        body: text,
        context: this.context,
        attributes: {
          ...(attrs as Record<string, string | number | boolean>),
          run_id: this.run.runId,
          'log.record.uid': logId,
          ...(this.run.deploymentId !== undefined && { deployment_id: this.run.deploymentId }),
          ...(this.run.source !== undefined && { source: this.run.source }),
          ...(this.run.sourceType !== undefined && { source_type: this.run.sourceType }),
          ...(this.run.function !== undefined && { function: this.run.function }),
          ...(this.run.traceparent !== undefined && { traceparent: this.run.traceparent }),
        },
      });
    } catch {
      // A logger never breaks the script it observes.
    }
  }

  /** Sends what is queued; resolves within `timeoutMs` whatever the network does. */
  flush(timeoutMs = 5000): Promise<void> {
    return this.provider ? within(timeoutMs, this.provider.forceFlush()) : Promise.resolve();
  }

  /** Flushes and stops exporting; later records only go to stdout. */
  async shutdown(timeoutMs = 5000): Promise<void> {
    if (this.closed) {
      return;
    }
    await this.flush(timeoutMs);
    this.closed = true;
    removeLogger(this);
    if (this.provider) {
      await within(1000, this.provider.shutdown());
    }
  }
}

/** A logger bound to the run the environment (or `options`) names. */
export function createLogger(options: LoggerOptions = {}): RunLogger {
  return new RunLogger(options);
}
