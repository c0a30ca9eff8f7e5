import { logRecord, otlpLogsRequest, type LogRecord } from '@runlens/contract';
import { fromZod } from '../http/errors';
import type { EventWindow } from '../http/eventWindow';

/**
 * Maps an OTLP ExportLogsServiceRequest (its JSON form; protobuf bodies are decoded into the
 * same shape first) onto RunLens log records. The mapping is in README ("OpenTelemetry logs").
 */

type Json = Record<string, unknown>;

/** An OTLP AnyValue as plain JSON. */
export function anyValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    return v ?? null;
  }
  const a = v as Json;
  if ('stringValue' in a) {
    return a.stringValue;
  }
  if ('boolValue' in a) {
    return a.boolValue;
  }
  if ('intValue' in a) {
    return Number(a.intValue);
  }
  if ('doubleValue' in a) {
    return Number(a.doubleValue);
  }
  if ('bytesValue' in a) {
    return a.bytesValue;
  }
  if ('arrayValue' in a) {
    return ((a.arrayValue as Json | null)?.values as unknown[] | undefined)?.map(anyValue) ?? [];
  }
  if ('kvlistValue' in a) {
    return attributesOf((a.kvlistValue as Json | null)?.values);
  }
  return null;
}

/** A KeyValue list as an object. */
export function attributesOf(list: unknown): Json {
  const out: Json = {};
  if (Array.isArray(list)) {
    for (const kv of list as Json[]) {
      if (typeof kv?.key === 'string') {
        out[kv.key] = anyValue(kv.value);
      }
    }
  }
  return out;
}

/** OTLP severity numbers in ranges of four: TRACE, DEBUG, INFO, WARN, ERROR, FATAL. */
export function levelOf(severityNumber: unknown, severityText: unknown): string {
  const n = Number(severityNumber ?? 0);
  if (n >= 1 && n <= 24) {
    return (['debug', 'debug', 'info', 'warning', 'error', 'error'] as const)[Math.floor((n - 1) / 4)]!;
  }
  // No number: the text goes through the same aliases as POST /api/v1/logs (warn → warning …).
  return typeof severityText === 'string' && severityText ? severityText : 'info';
}

/** Nanoseconds since the epoch (string or number) as epoch milliseconds; 0 or absent is none. */
function millisOf(nanos: unknown): number | undefined {
  if (nanos === undefined || nanos === null || nanos === '' || nanos === 0 || nanos === '0') {
    return undefined;
  }
  try {
    const ms = Number(BigInt(typeof nanos === 'number' ? Math.trunc(nanos) : String(nanos)) / 1_000_000n);
    return ms > 0 ? ms : undefined;
  } catch {
    return Number.NaN; // not a number: the record is rejected naming timestamp
  }
}

const ZERO = /^0*$/;
/** A trace or span id as lower-case hex; all zeros is none. */
function idOf(v: unknown): string | undefined {
  if (typeof v !== 'string' || ZERO.test(v)) {
    return undefined;
  }
  return v.toLowerCase();
}

/** Attribute keys that become RunLens columns (the seed logger's names) rather than attributes. */
const COLUMN_KEYS = ['run_id', 'deployment_id', 'source', 'source_type', 'traceparent', 'function', 'log.record.uid'];

const text = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

/** One OTLP LogRecord with its resource and scope, as the input of a RunLens log record. */
export function recordOf(rec: Json, resource: Json, scope: { name?: string | null; version?: string | null }): Json {
  const attrs = attributesOf(rec.attributes);
  const pick = (key: string) => attrs[key] ?? resource[key];
  const serviceName = text(resource['service.name']);
  const trace_id = idOf(rec.traceId);
  const span_id = idOf(rec.spanId);
  const flags = Number(rec.flags ?? 0) & 0xff;
  const extra: Json = Object.fromEntries(Object.entries(attrs).filter(([k]) => !COLUMN_KEYS.includes(k)));
  for (const [k, v] of Object.entries(resource)) {
    if (!COLUMN_KEYS.includes(k) && k !== 'service.name') {
      extra[`resource.${k}`] = v;
    }
  }
  if (scope.name) {
    extra['otel.scope.name'] = scope.name;
  }
  if (scope.version) {
    extra['otel.scope.version'] = scope.version;
  }
  const body = anyValue(rec.body);
  const message =
    typeof body === 'string' ? body : body === null ? (text(attrs['log.message']) ?? '') : JSON.stringify(body);
  return {
    log_id: text(attrs['log.record.uid']),
    run_id: text(pick('run_id')),
    level: levelOf(rec.severityNumber, rec.severityText),
    message,
    timestamp: millisOf(rec.timeUnixNano) ?? millisOf(rec.observedTimeUnixNano),
    // The SDKs' default service name says nothing: the run's script fills in instead.
    script: serviceName && !serviceName.startsWith('unknown_service') ? serviceName : undefined,
    function: text(pick('function')),
    deployment_version: pick('deployment_id') ?? undefined,
    source: text(pick('source')),
    source_type: text(pick('source_type')),
    trace_id,
    span_id,
    traceparent:
      text(pick('traceparent')) ??
      (trace_id && span_id ? `00-${trace_id}-${span_id}-${flags & 1 ? '01' : '00'}` : undefined),
    attributes: Object.keys(extra).length > 0 ? extra : undefined,
  };
}

export interface MappedRequest {
  records: LogRecord[];
  rejected: number;
  /** Why the first rejected records were rejected, naming each record and field. */
  reasons: string[];
}

/**
 * Maps a whole request; throws a 400 ApiError when the envelope itself is malformed. A record
 * that is invalid or dated outside the event window is rejected alone (partialSuccess).
 */
export function mapRequest(body: unknown, window: EventWindow): MappedRequest {
  const parsed = otlpLogsRequest.safeParse(body);
  if (!parsed.success) {
    throw fromZod(parsed.error, 'body');
  }
  const out: MappedRequest = { records: [], rejected: 0, reasons: [] };
  (parsed.data.resourceLogs ?? []).forEach((rl, r) => {
    const resource = attributesOf(rl.resource?.attributes);
    (rl.scopeLogs ?? []).forEach((sl, s) => {
      (sl.logRecords ?? []).forEach((rec, i) => {
        const where = `resourceLogs[${r}].scopeLogs[${s}].logRecords[${i}]`;
        const result = logRecord.safeParse(recordOf(rec, resource, sl.scope ?? {}));
        const late =
          result.success && result.data.timestamp ? window.check(result.data.timestamp, `${where}.timeUnixNano`) : null;
        if (result.success && !late) {
          out.records.push(result.data);
          return;
        }
        out.rejected++;
        if (out.reasons.length < 10) {
          const details = late ? [late] : result.success ? [] : fromZod(result.error, where).details;
          out.reasons.push(...details.slice(0, 3).map((d) => `${d.path}: ${d.message}`));
        }
      });
    });
  });
  return out;
}
