import { Router } from 'express';
import type { Auth } from '../http/auth';
import { z } from 'zod';
import { instant, list } from '../filters/params';
import { parse } from '../http/validate';
import type { ScriptsService } from './service';

export const scriptName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, _ . - (at most 128), starting with a letter or digit');

const scriptParams = z.object({ script: scriptName });
const DAY = 86_400_000;

export function scriptRoutes(scripts: ScriptsService, auth: Auth): Router {
  const router = Router();

  router.post('/api/v1/scripts/:script/deployments', ...auth.ingest, async (req, res) => {
    const { script } = parse(scriptParams, req.params, 'params');
    res.status(201).json(await scripts.deploy(script));
  });

  router.delete('/api/v1/scripts/:script/deployments/current', ...auth.ingest, async (req, res) => {
    const { script } = parse(scriptParams, req.params, 'params');
    res.json(await scripts.undeploy(script));
  });

  router.get('/api/v1/scripts', ...auth.read, async (_req, res) => {
    res.json({ scripts: await scripts.list() });
  });

  const deploymentsQuery = z.object({
    script: list.optional(),
    from: instant.optional(),
    to: instant.optional(),
  });
  router.get('/api/v1/deployments', ...auth.read, async (req, res) => {
    const q = parse(deploymentsQuery, req.query, 'query');
    const to = q.to ?? new Date();
    const from = q.from ?? new Date(to.getTime() - 7 * DAY);
    res.json({ deployments: await scripts.deployments(q.script ?? [], from, to) });
  });

  return router;
}
