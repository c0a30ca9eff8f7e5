import type { RunBinding, TraceContext } from './config';

export type Level = 'debug' | 'info' | 'warning' | 'error';
export type Attributes = Record<
  string,
  string | number | boolean | null | undefined | Array<string | number | boolean>
>;

export interface Emitted {
  logId: string;
  level: Level;
  message: string;
  time: Date;
  attributes: Attributes;
}

/**
 * A record as one stdout line in the seed logger's span JSON (korelogger), which
 * `POST /api/v1/logs` accepts as it is: standard stdout capture still holds every record, and
 * the shared `log_id` makes the backend store it once however many ways it arrives.
 */
export function spanLine(rec: Emitted, run: RunBinding, trace: TraceContext | undefined): string {
  return JSON.stringify({
    name: rec.message,
    log_id: rec.logId,
    timestamp: rec.time.toISOString(),
    context: trace ? { trace_id: `0x${trace.traceId}`, span_id: `0x${trace.spanId}` } : undefined,
    attributes: {
      ...rec.attributes,
      traceparent: run.traceparent,
      run_id: run.runId,
      deployment_id: run.deploymentId,
      source: run.source,
      source_type: run.sourceType,
      'log.message': rec.message,
      'log.level': rec.level,
    },
    resource: run.script ? { attributes: { 'service.name': run.script } } : undefined,
  });
}
