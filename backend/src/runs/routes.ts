import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Auth } from '../http/auth';
import { z } from 'zod';
import { RUN_STATUSES, SOURCE_TYPES, runFields } from '../filters/fields';
import { pageSchema, selectionSchema } from '../filters/params';
import { ApiError } from '../http/errors';
import { parse } from '../http/validate';
import { scriptName } from '../scripts/routes';
import { RUN_SORTABLE } from './queries';
import { runRecord, type RunsService } from './service';

/** Names of the runs routes that sit where a run id would. */
const RESERVED_RUN_IDS = ['stats', 'timeseries', 'by-version', 'values'];
const runId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/, 'letters, digits, _ . : - (at most 128)')
  .refine((id) => !RESERVED_RUN_IDS.includes(id), `reserved: ${RESERVED_RUN_IDS.join(', ')}`);
/** Stored and answered in UTC, whatever offset the client sent. */
const isoDate = z.iso.datetime({ offset: true }).transform((d) => new Date(d).toISOString());

const startBody = z.object({
  run_id: runId.optional(),
  script: scriptName,
  function: z.string().min(1).max(256),
  source_type: z.enum(SOURCE_TYPES),
  source: z.string().min(1).max(256),
  executed_on: isoDate.optional(),
  deployment_version: z.number().int().min(1).optional(),
  input: z.unknown().optional(),
  trace_id: z
    .string()
    .regex(/^[0-9a-f]{32}$/, 'a W3C trace id: 32 lowercase hex digits')
    .optional(),
});

const finishBody = z.object({
  status: z.enum(RUN_STATUSES.filter((s) => s !== 'in_progress') as ['success', 'failed']),
  finished_at: isoDate.optional(),
  response_time_ms: z.number().min(0).optional(),
  output: z.unknown().optional(),
  error: z.string().max(10_000).nullable().optional(),
});

const runSelection = selectionSchema(runFields);
const runPage = pageSchema(RUN_SORTABLE, 'executed_on');
function isTimeZone(tz: string): boolean {
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) {
    return true;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const INTERVAL = /^[1-9]\d{0,3}[mhd]$/;
const timeseriesQuery = z.object({
  interval: z.string().regex(INTERVAL, 'like 5m, 1h or 1d').optional(),
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, 'an IANA time zone like Europe/Paris, or an offset like +02:00')
    .default('UTC'),
});
const valuesQuery = z.object({
  field: z.enum(['function', 'source', 'deployment_version', 'status', 'source_type', 'script']),
});
const MAX_BUCKETS = 2000;
const MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Hourly buckets up to a day, daily beyond (SPEC); a given interval must not explode the bucket count. */
function bucketInterval(from: Date, to: Date, given?: string): string {
  const span = to.getTime() - from.getTime();
  const interval = given ?? (span <= MS.d ? '1h' : '1d');
  const ms = Number(interval.slice(0, -1)) * MS[interval.slice(-1) as keyof typeof MS];
  if (span / ms > MAX_BUCKETS) {
    throw new ApiError(400, 'invalid_request', 'invalid query', [
      { path: 'query.interval', message: `more than ${MAX_BUCKETS} buckets over this range; choose a longer interval` },
    ]);
  }
  return interval;
}

export function runRoutes(runs: RunsService, auth: Auth): Router {
  const router = Router();

  router.post('/api/v1/runs', ...auth.ingest, async (req, res) => {
    const body = parse(startBody, req.body, 'body');
    const { doc, created } = await runs.start({ ...body, run_id: body.run_id ?? randomUUID() });
    res.status(created ? 201 : 200).json({ run: runRecord(doc) });
  });

  router.post('/api/v1/runs/:run_id/finish', ...auth.ingest, async (req, res) => {
    const { run_id } = parse(z.object({ run_id: runId }), req.params, 'params');
    const body = parse(finishBody, req.body, 'body');
    const doc = await runs.finish({ ...body, run_id, finished_at: body.finished_at ?? new Date().toISOString() });
    res.json({ run: runRecord(doc) });
  });

  router.get('/api/v1/runs', ...auth.read, async (req, res) => {
    res.json(await runs.list(parse(runSelection, req.query, 'query'), parse(runPage, req.query, 'query')));
  });

  router.get('/api/v1/runs/stats', ...auth.read, async (req, res) => {
    res.json(await runs.stats(parse(runSelection, req.query, 'query')));
  });

  router.get('/api/v1/runs/timeseries', ...auth.read, async (req, res) => {
    const sel = parse(runSelection, req.query, 'query');
    const q = parse(timeseriesQuery, req.query, 'query');
    res.json(await runs.timeseries(sel, bucketInterval(sel.from, sel.to, q.interval), q.tz));
  });

  router.get('/api/v1/runs/by-version', ...auth.read, async (req, res) => {
    res.json(await runs.byVersion(parse(runSelection, req.query, 'query')));
  });

  router.get('/api/v1/runs/values', ...auth.read, async (req, res) => {
    const { field } = parse(valuesQuery, req.query, 'query');
    res.json(await runs.values(parse(runSelection, req.query, 'query'), field));
  });

  router.get('/api/v1/runs/:run_id', ...auth.read, async (req, res) => {
    const { run_id } = parse(z.object({ run_id: runId }), req.params, 'params');
    res.json(await runs.record(run_id, parse(runSelection, req.query, 'query'), parse(runPage, req.query, 'query')));
  });

  return router;
}
