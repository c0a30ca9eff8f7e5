import express, { type Request, Router } from 'express';
import { exportBody, exportParams, exportUserHeaders, logSelection, runSelection } from '@runlens/contract';
import type { Auth } from '../http/auth';
import { ApiError } from '../http/errors';
import { parse } from '../http/validate';
import { type ExportsService, jobView } from './service';

/**
 * The export routes. The selection is the one GET /api/v1/runs and /logs take (same names,
 * same rules), sent as a JSON body, so an export holds exactly the rows the table pages through.
 */
const selections = { runs: runSelection, logs: logSelection };
const idParams = exportParams;

/**
 * The Grafana user on whose behalf the request comes: Grafana's data proxy sets X-Grafana-User
 * when `[dataproxy] send_user_header = true`. The read token says the caller is Grafana; this
 * header says which person, and every job belongs to one. Without it the request is malformed
 * (400): the token was fine, so 401 would send the caller after the wrong fix.
 */
function userOf(req: Request): string {
  const result = exportUserHeaders.shape['X-Grafana-User'].safeParse(req.get('x-grafana-user') ?? '');
  if (!result.success) {
    throw new ApiError(400, 'user_required', 'exports belong to a Grafana user: X-Grafana-User is required', [
      {
        path: 'headers.x-grafana-user',
        message: 'required; set [dataproxy] send_user_header = true in Grafana (GF_DATAPROXY_SEND_USER_HEADER=true)',
      },
    ]);
  }
  return result.data;
}

export function exportRoutes(exportsService: ExportsService, auth: Auth): Router {
  const router = Router();

  router.post('/api/v1/exports', ...auth.read, express.json({ limit: '100kb' }), async (req, res) => {
    const owner = userOf(req);
    const body = parse(exportBody, req.body ?? {}, 'body');
    // The same selection checks as the list routes (which read filters as a JSON string).
    const filters = body.filters ? JSON.stringify(body.filters) : undefined;
    const sel = parse(selections[body.kind], { ...req.body, filters }, 'body');
    const job = await exportsService.create(owner, body.kind, sel, { sort: body.sort, order: body.order });
    res
      .status(202)
      .location(`/api/v1/exports/${job.id}`)
      .json({ export: jobView(job) });
  });

  router.get('/api/v1/exports', ...auth.read, async (req, res) => {
    const jobs = await exportsService.list(userOf(req));
    res.json({ exports: jobs.map(jobView) });
  });

  router.get('/api/v1/exports/:id', ...auth.read, async (req, res) => {
    const owner = userOf(req);
    const { id } = parse(idParams, req.params, 'params');
    res.json({ export: jobView(await exportsService.get(owner, id)) });
  });

  router.get('/api/v1/exports/:id/download', ...auth.read, async (req, res) => {
    const owner = userOf(req);
    const { id } = parse(idParams, req.params, 'params');
    const file = await exportsService.download(owner, id);
    await new Promise<void>((resolve, reject) => {
      res.download(file.path, file.name, { headers: { 'Content-Type': 'text/csv; charset=utf-8' } }, (err) => {
        if (!err) {
          return resolve();
        }
        // The job says done but the file is gone (removed by the TTL sweep a moment ago).
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !res.headersSent) {
          return reject(new ApiError(410, 'expired', `the file of export ${id} is gone; start it again`));
        }
        reject(err);
      });
    });
  });

  router.delete('/api/v1/exports/:id', ...auth.read, async (req, res) => {
    const owner = userOf(req);
    const { id } = parse(idParams, req.params, 'params');
    res.json({ export: jobView(await exportsService.cancel(owner, id)) });
  });

  return router;
}
