/**
 * Turns what scripts send into log records: plain records (stdout/stderr batches or SDK
 * records) and the seed logger's OpenTelemetry-style span JSON, which is accepted as it is
 * (the record schema itself is the contract's `logRecord`).
 */
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
