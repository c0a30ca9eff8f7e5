import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import type { Auth } from '../http/auth';
import { z } from 'zod';
import { FINISH_STATUSES, RUN_DISTINCT_FIELDS, RUN_FILTER_FIELDS, RUN_SORTS, SOURCE_TYPES } from '@runlens/contract';
import { bucketsOf } from '../filters/buckets';
import { pageSchema, selectionSchema } from '../filters/params';
import { parse } from '../http/validate';
import { scriptName } from '../scripts/routes';
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
  status: z.enum(FINISH_STATUSES),
  finished_at: isoDate.optional(),
  response_time_ms: z.number().min(0).optional(),
  output: z.unknown().optional(),
  error: z.string().max(10_000).nullable().optional(),
});

const runSelection = selectionSchema(RUN_FILTER_FIELDS);
const runPage = pageSchema(RUN_SORTS);
const valuesQuery = z.object({
  field: z.enum(RUN_DISTINCT_FIELDS),
});
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
    const { interval, tz } = bucketsOf(sel, req.query);
    res.json(await runs.timeseries(sel, interval, tz));
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
