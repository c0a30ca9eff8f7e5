import { Router } from 'express';
import { runPage, runParams, runSelection } from '@runlens/contract';
import type { Auth } from '../http/auth';
import { parse } from '../http/validate';
import type { RecordService } from './service';

/** GET /api/v1/runs/{run_id}; mounted after the runs routes, whose fixed paths (stats, …) win. */
export function recordRoutes(records: RecordService, auth: Auth): Router {
  const router = Router();

  router.get('/api/v1/runs/:run_id', ...auth.read, async (req, res) => {
    const { run_id } = parse(runParams, req.params, 'params');
    res.json(await records.record(run_id, parse(runSelection, req.query, 'query'), parse(runPage, req.query, 'query')));
  });

  return router;
}
