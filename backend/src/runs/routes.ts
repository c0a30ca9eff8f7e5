import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import {
  finishRunBody,
  runPage,
  runParams,
  runSelection,
  runTimeseriesQuery,
  runValuesQuery,
  startRunBody,
} from '@runlens/contract';
import type { Auth } from '../http/auth';
import type { EventWindow } from '../http/eventWindow';
import { bucketsOf } from '../filters/buckets';
import { parse } from '../http/validate';
import { runRecord, type RunsService } from './service';

export function runRoutes(runs: RunsService, auth: Auth, window: EventWindow): Router {
  const router = Router();

  router.post('/api/v1/runs', ...auth.ingest, async (req, res) => {
    const body = parse(startRunBody, req.body, 'body');
    window.require(body.executed_on, 'body.executed_on');
    const { doc, created } = await runs.start({ ...body, run_id: body.run_id ?? randomUUID() });
    res.status(created ? 201 : 200).json({ run: runRecord(doc) });
  });

  router.post('/api/v1/runs/:run_id/finish', ...auth.ingest, async (req, res) => {
    const { run_id } = parse(runParams, req.params, 'params');
    const body = parse(finishRunBody, req.body, 'body');
    window.require(body.finished_at, 'body.finished_at');
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
    const { interval, tz } = bucketsOf(sel, parse(runTimeseriesQuery, req.query, 'query'));
    res.json(await runs.timeseries(sel, interval, tz));
  });

  router.get('/api/v1/runs/by-version', ...auth.read, async (req, res) => {
    res.json(await runs.byVersion(parse(runSelection, req.query, 'query')));
  });

  router.get('/api/v1/runs/values', ...auth.read, async (req, res) => {
    const { field } = parse(runValuesQuery, req.query, 'query');
    res.json(await runs.values(parse(runSelection, req.query, 'query'), field));
  });

  return router;
}
