import { z } from 'zod';
import { eventTime, MAX_INT32, storedJson } from './inputs';
import { LOG_FILTER_FIELDS, LOG_SORTS } from './columns';
import { dateTime, logId, logLevel, nullableString, nullableVersion, sourceType } from './common';
import { LOG_LEVELS, SOURCE_TYPES, type LogLevel } from './enums';
import { bucketsQuery, pageSchema, rowsPage, selectionParams, selectionSchema } from './selection';

/** Log lines: batches (ingest) and the reads under `/api/v1/logs`. */

/** Level names scripts send that mean one of ours. */
const LEVEL_ALIASES: Record<string, LogLevel> = {
  warn: 'warning',
  fatal: 'error',
  critical: 'error',
  trace: 'debug',
};

const level = z
  .string()
  .transform((s) => s.toLowerCase())
  .transform((s) => LEVEL_ALIASES[s] ?? s)
  .pipe(z.enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}` }))
  .meta({
    description: `${LOG_LEVELS.join(', ')}, any case; aliases: warn → warning, fatal and critical → error, trace → debug`,
    examples: ['stdout', 'INFO', 'warn'],
  });

const timestamp = eventTime.meta({
  description: 'ISO-8601 with an offset, or epoch milliseconds, 1970-9999; default the time of arrival',
});

const optionalText = z.string().max(256).nullish();

/** One plain log record as scripts send it. */
export const logRecord = z
  .object({
    log_id: logId
      .optional()
      .meta({ description: 'Client-chosen id (makes the line idempotent); a UUID is made when absent' }),
    run_id: z.string().min(1).max(128),
    level,
    message: z.string().max(1_000_000),
    timestamp: timestamp.optional(),
    seq: z
      .number()
      .int()
      .min(0)
      .optional()
      .meta({ description: 'Order within the same millisecond; assigned when absent' }),
    script: optionalText,
    function: optionalText,
    deployment_version: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_INT32)
      .nullish()
      .meta({ description: 'An integer ≥ 1 (numeric strings are accepted)' }),
    source: optionalText,
    source_type: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(SOURCE_TYPES))
      .nullish()
      .meta({ description: 'tool or api, any case' }),
    trace_id: optionalText,
    span_id: optionalText,
    traceparent: optionalText,
    attributes: z
      .record(z.string(), storedJson)
      .nullish()
      .meta({ description: 'Any JSON object; stored, not returned by the reads' }),
  })
  .meta({ id: 'LogRecordInput', description: 'Unknown fields are ignored.' });
export type LogRecord = z.output<typeof logRecord>;
export type LogRecordInput = z.input<typeof logRecord>;

const stringOrMs = z.union([z.string(), z.number().int()]);

/** The seed logger's span JSON, as documented; the backend maps it onto a log record. */
export const spanLogInput = z
  .object({
    name: z.string().optional(),
    log_id: z.string().optional(),
    timestamp: stringOrMs.optional(),
    start_time: stringOrMs.optional(),
    end_time: stringOrMs.optional(),
    context: z.object({ trace_id: z.string().optional(), span_id: z.string().optional() }).optional(),
    attributes: z.object({
      run_id: z.string(),
      'log.message': z.string().optional(),
      'log.level': z.string().optional(),
      traceparent: z.string().optional(),
      deployment_id: stringOrMs.optional(),
      source: z.string().optional(),
      source_type: z.string().optional(),
    }),
    resource: z.object({ attributes: z.object({ 'service.name': z.string().optional() }).optional() }).optional(),
  })
  .meta({
    id: 'SpanLogInput',
    description:
      'The seed logger\'s OpenTelemetry-style span JSON, accepted as it is: run_id, level (`log.level`, default info), message (`log.message`, else `name`), traceparent, source, source_type and deployment version (`deployment_id`) come from `attributes`; trace and span ids (0x prefix dropped) from `context`; script from `resource.attributes."service.name"`; timestamp from `timestamp`, `start_time` or `end_time`. Other attributes are kept as the line\'s attributes.',
  });

export const logInput = z.union([logRecord, spanLogInput]).meta({
  id: 'LogInput',
  description:
    "A plain log record or the seed logger's span JSON (told apart by an `attributes` object holding `log.message`, or a `context` object)",
});

/** What the OpenAPI document says of a batch body; the backend reads it record by record (logBatch). */
export const logBatchBody = z.union([z.array(logInput).min(1), logInput]);
export const logNdjsonBody = z
  .string()
  .meta({ description: 'One `LogInput` JSON object per line; blank lines are skipped.' });

export const logIngestResponse = z.object({
  accepted: z.number().int().min(1),
  log_ids: z.array(z.string()).min(1).meta({ description: 'The id of each line, in body order' }),
});
export type LogIngestResponse = z.infer<typeof logIngestResponse>;

const LOG_FILTERS_EXAMPLE = '[{"field":"level","op":"is","values":["error"]}]';
export const logSelectionParams = selectionParams(LOG_FILTER_FIELDS, LOG_FILTERS_EXAMPLE);
export const logSelection = selectionSchema(LOG_FILTER_FIELDS, LOG_FILTERS_EXAMPLE);
export const logPage = pageSchema(LOG_SORTS, 'Column to sort by; lines of the same millisecond keep their order');
export const logTimeseriesQuery = bucketsQuery;

/** A stored log line (attributes are not returned). */
export const logRow = z
  .object({
    log_id: z.string(),
    run_id: z.string(),
    script: nullableString,
    function: nullableString,
    deployment_version: nullableVersion,
    source: nullableString,
    source_type: sourceType.nullable(),
    level: logLevel,
    message: z.string(),
    timestamp: dateTime,
    seq: z.number().int().min(0).meta({ description: 'Orders lines within the same millisecond' }),
    trace_id: nullableString,
    span_id: nullableString,
    traceparent: nullableString,
  })
  .meta({ id: 'LogRow', description: 'A stored log line (attributes are not returned)' });
export type LogRow = z.infer<typeof logRow>;

export const logsPage = rowsPage(logRow);
export type LogsPage = z.infer<typeof logsPage>;

const count = z.number().int().min(0);
export const logVolumeBucket = z.object({
  time: dateTime,
  total_logs: count,
  by_level: z.object(Object.fromEntries(LOG_LEVELS.map((l) => [l, count])) as Record<LogLevel, typeof count>),
});
export type LogVolumeBucket = z.infer<typeof logVolumeBucket>;

export const logTimeseries = z.object({ interval: z.string(), buckets: z.array(logVolumeBucket) });
export type LogTimeseries = z.infer<typeof logTimeseries>;
