import { z } from 'zod';
import { LOG_LEVELS, SOURCE_TYPES } from '@runlens/contract';

/**
 * Turns what scripts send into log records: plain records (stdout/stderr batches or SDK
 * records) and the seed logger's OpenTelemetry-style span JSON, which is accepted as it is.
 */
const LEVEL_ALIASES: Record<string, (typeof LOG_LEVELS)[number]> = {
  warn: 'warning',
  fatal: 'error',
  critical: 'error',
  trace: 'debug',
};

const level = z
  .string()
  .transform((s) => s.toLowerCase())
  .transform((s) => LEVEL_ALIASES[s] ?? s)
  .pipe(z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }));

const timestamp = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const ms = typeof v === 'number' ? v : Date.parse(v);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 date or epoch milliseconds' });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});

const optionalText = z.string().max(256).nullish();

export const logRecord = z.object({
  log_id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, _ . : - (at most 128)')
    .optional(),
  run_id: z.string().min(1).max(128),
  level,
  message: z.string().max(1_000_000),
  timestamp: timestamp.optional(),
  seq: z.number().int().min(0).optional(),
  script: optionalText,
  function: optionalText,
  deployment_version: z.coerce.number().int().min(1).nullish(),
  source: optionalText,
  source_type: z
    .string()
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(SOURCE_TYPES))
    .nullish(),
  trace_id: optionalText,
  span_id: optionalText,
  traceparent: optionalText,
  attributes: z.record(z.string(), z.unknown()).nullish(),
});
export type LogRecord = z.output<typeof logRecord>;

const SPAN_KEYS = ['traceparent', 'run_id', 'deployment_id', 'source', 'source_type', 'log.message', 'log.level'];

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const hex = (v: unknown) => (typeof v === 'string' ? v.replace(/^0x/, '') : undefined);

/** Is this the seed logger's span JSON (`name`, `context`, `attributes{log.message …}`)? */
export const isSpanRecord = (v: unknown): v is Json =>
  isObject(v) && isObject(v.attributes) && ('log.message' in v.attributes || isObject(v.context));

/** Maps a span JSON record onto the fields of a log record; validation happens after. */
export function fromSpan(span: Json): Json {
  const attrs = span.attributes as Json;
  const context = isObject(span.context) ? span.context : {};
  const resource = isObject(span.resource) && isObject(span.resource.attributes) ? span.resource.attributes : {};
  const extra = Object.fromEntries(Object.entries(attrs).filter(([k]) => !SPAN_KEYS.includes(k)));
  return {
    log_id: span.log_id,
    run_id: attrs.run_id,
    level: attrs['log.level'] ?? 'info',
    message: attrs['log.message'] ?? span.name,
    timestamp: span.timestamp ?? span.start_time ?? span.end_time,
    script: resource['service.name'],
    deployment_version: attrs.deployment_id,
    source: attrs.source,
    source_type: attrs.source_type,
    traceparent: attrs.traceparent,
    trace_id: hex(context.trace_id),
    span_id: hex(context.span_id),
    attributes: Object.keys(extra).length > 0 ? extra : undefined,
  };
}

/** The records of a body: a JSON array, one JSON object, or NDJSON text. */
export function bodyItems(body: unknown): { items: unknown[]; errors: Array<{ path: string; message: string }> } {
  if (typeof body === 'string') {
    const items: unknown[] = [];
    const errors: Array<{ path: string; message: string }> = [];
    body.split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      try {
        items.push(JSON.parse(line));
      } catch {
        errors.push({ path: `body.line[${i + 1}]`, message: 'not valid JSON' });
      }
    });
    return { items, errors };
  }
  if (Array.isArray(body)) return { items: body, errors: [] };
  if (isObject(body)) return { items: [body], errors: [] };
  return { items: [], errors: [{ path: 'body', message: 'expected a JSON array, a JSON object or NDJSON' }] };
}
