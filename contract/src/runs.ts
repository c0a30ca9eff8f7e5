import { z } from 'zod';
import { RUN_DISTINCT_FIELDS, RUN_FILTER_FIELDS, RUN_SORTS } from './columns';
import {
  anyJson,
  dateTime,
  isoDate,
  nullableDateTime,
  nullableMs,
  nullableString,
  nullableVersion,
  runId,
  runStatus,
  scriptName,
  sourceType,
} from './common';
import { MAX_INT32, MAX_RESPONSE_TIME_MS, responseTimeMs, storedJson } from './inputs';
import { FINISH_STATUSES, SOURCE_TYPES } from './enums';
import { logRow } from './logs';
import { bucketsQuery, pageSchema, rowsPage, selectionParams, selectionSchema } from './selection';

/** Runs: start and finish (ingest) and the reads under `/api/v1/runs`. */

export const runParams = z.object({ run_id: runId });

export const startRunBody = z
  .object({
    run_id: runId
      .optional()
      .meta({ description: 'Client-chosen id (makes the start idempotent); a UUID is made when absent' }),
    script: scriptName,
    function: z.string().min(1).max(256),
    source_type: z.enum(SOURCE_TYPES),
    source: z.string().min(1).max(256),
    executed_on: isoDate
      .optional()
      .meta({ description: 'ISO-8601 date-time with Z or an offset; default now. Stored and returned in UTC.' }),
    deployment_version: z
      .number()
      .int()
      .min(1)
      .max(MAX_INT32)
      .optional()
      .meta({ description: "Default the script's current version" }),
    input: storedJson.optional().meta({ description: 'Any JSON; stored, returned by the record view only' }),
    trace_id: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'a W3C trace id: 32 lowercase hex digits')
      .optional()
      .meta({ description: 'W3C trace id' }),
  })
  .meta({ id: 'StartRunRequest', description: 'Unknown fields are ignored.' });
export type StartRunBody = z.input<typeof startRunBody>;

export const finishRunBody = z
  .object({
    status: z.enum(FINISH_STATUSES),
    finished_at: isoDate
      .optional()
      .meta({ description: 'ISO-8601 date-time with Z or an offset; default now. Stored and returned in UTC.' }),
    response_time_ms: responseTimeMs.optional().meta({
      description: `Kept for successful runs only; measured when absent; at most ${MAX_RESPONSE_TIME_MS}, kept to the µs`,
    }),
    output: storedJson.optional().meta({ description: 'Any JSON; stored, returned by the record view only' }),
    error: z.string().max(10_000).nullable().optional().meta({ description: 'Kept for failed runs only' }),
  })
  .meta({ id: 'FinishRunRequest', description: 'Unknown fields are ignored.' });
export type FinishRunBody = z.input<typeof finishRunBody>;

const RUN_FILTERS_EXAMPLE = '[{"field":"status","op":"is","values":["failed"]}]';
export const runSelectionParams = selectionParams(RUN_FILTER_FIELDS, RUN_FILTERS_EXAMPLE);
export const runSelection = selectionSchema(RUN_FILTER_FIELDS, RUN_FILTERS_EXAMPLE);
export const runPage = pageSchema(
  RUN_SORTS,
  'Column to sort by, then by start time in the same order; `run_id` breaks any tie left; empty cells sort last'
);
export const runTimeseriesQuery = bucketsQuery;
export const runValuesQuery = z.object({ field: z.enum(RUN_DISTINCT_FIELDS) });

/** A run as listed: every column, no input/output. Listed runs have started, so their start columns are set. */
export const runRow = z
  .object({
    run_id: runId,
    script: scriptName,
    function: z.string(),
    status: runStatus,
    deployment_version: z.number().int().min(1),
    response_time_ms: nullableMs,
    executed_on: dateTime,
    finished_at: nullableDateTime,
    source_type: sourceType,
    source: z.string(),
    error: nullableString,
    trace_id: nullableString,
  })
  .meta({ id: 'RunRow', description: 'A run as listed (every column, no input/output).' });
export type RunRow = z.infer<typeof runRow>;

/** A run with its input and output; while only the finish has arrived, the start columns are null. */
export const runRecord = z
  .object({
    run_id: runId,
    script: nullableString,
    function: nullableString,
    status: runStatus,
    deployment_version: nullableVersion,
    response_time_ms: nullableMs,
    executed_on: nullableDateTime,
    finished_at: nullableDateTime,
    source_type: sourceType.nullable(),
    source: nullableString,
    error: nullableString,
    trace_id: nullableString,
    input: anyJson.meta({ description: 'Any JSON, null when none' }),
    output: anyJson.meta({ description: 'Any JSON, null when none' }),
  })
  .meta({
    id: 'RunRecord',
    description: 'A run with its input and output; the start columns are null while only the finish has arrived.',
  });
export type RunRecord = z.infer<typeof runRecord>;

export const runEnvelope = z.object({ run: runRecord }).meta({ id: 'RunEnvelope' });
export type RunEnvelope = z.infer<typeof runEnvelope>;

export const runsPage = rowsPage(runRow);
export type RunsPage = z.infer<typeof runsPage>;

const count = z.number().int().min(0);

/**
 * How many samples a percentile needs before it means something (an SRE rule of thumb):
 * about 10 / (1 − p), so that some ten runs lie beyond it. 100 for P90, 1,000 for P99.
 */
export const minRunsFor = (p: number) => Math.round(1000 / (100 - p));
const rate = z.number().min(0).max(100);

export const runMetrics = z
  .object({
    total_runs: count,
    failed_runs: count,
    failure_rate: rate.meta({ description: 'failed ÷ total × 100, two decimals; 0 without runs' }),
    p90_ms: nullableMs.meta({ description: 'Response time P90 of the successful runs; null without any' }),
    p99_ms: nullableMs,
    timed_runs: count.meta({
      description: 'The runs P90 and P99 are computed over: successful runs with a response time',
    }),
    p90_reliable: z.boolean().meta({
      description: `timed_runs is at least ${minRunsFor(90)} (10 / (1 − 0.90)): enough runs for P90 to mean something`,
    }),
    p99_reliable: z.boolean().meta({
      description: `timed_runs is at least ${minRunsFor(99)} (10 / (1 − 0.99)): enough runs for P99 to mean something`,
    }),
  })
  .meta({ id: 'RunMetrics' });
export type RunMetrics = z.infer<typeof runMetrics>;

export const timeseriesBucket = runMetrics
  .extend({ time: dateTime.meta({ description: 'Bucket start (UTC)' }) })
  .meta({ id: 'TimeseriesBucket' });
export type TimeseriesBucket = z.infer<typeof timeseriesBucket>;

export const runTimeseries = z.object({ interval: z.string(), buckets: z.array(timeseriesBucket) });
export type RunTimeseries = z.infer<typeof runTimeseries>;

export const versionMetrics = runMetrics
  .extend({ deployment_version: z.number().int().min(1), total_runs: z.number().int().min(1) })
  .meta({ id: 'VersionMetrics' });
export type VersionMetrics = z.infer<typeof versionMetrics>;

export const byVersionResponse = z.object({ versions: z.array(versionMetrics) });
export type ByVersionResponse = z.infer<typeof byVersionResponse>;

export const valuesResponse = z.object({
  field: z.enum(RUN_DISTINCT_FIELDS),
  values: z.array(
    z.object({
      value: z.union([z.string(), z.number()]).meta({ description: 'A number for deployment_version, else a string' }),
      count: z.number().int().min(1),
    })
  ),
});
export type ValuesResponse = z.infer<typeof valuesResponse>;

/** How many of a run's logs the record carries; the logs API pages through the rest. */
export const RECORD_LOGS = 1000;

export const recordResponse = z.object({
  run: runRecord,
  logs: z.array(logRow).max(RECORD_LOGS),
  logs_total: count.meta({ description: `All of the run's log lines; \`logs\` holds the first ${RECORD_LOGS}` }),
  prev_run_id: z.string().nullable(),
  next_run_id: z.string().nullable(),
});
export type RecordResponse = z.infer<typeof recordResponse>;
