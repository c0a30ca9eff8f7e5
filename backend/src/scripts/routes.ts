import { Router } from 'express';
import { defaultRange, deployBody, deploymentsQuery, scriptParams, undeployBody } from '@runlens/contract';
import type { Auth } from '../http/auth';
import type { EventWindow } from '../http/eventWindow';
import { parse } from '../http/validate';
import type { ScriptsService } from './service';

const at = (iso: string | undefined) => (iso ? new Date(iso) : new Date());

export function scriptRoutes(scripts: ScriptsService, auth: Auth, window: EventWindow): Router {
  const router = Router();

  router.post('/api/v1/scripts/:script/deployments', ...auth.ingest, async (req, res) => {
    const { script } = parse(scriptParams, req.params, 'params');
    const body = parse(deployBody, req.body, 'body');
    window.require(body?.deployed_at, 'body.deployed_at');
    res.status(201).json(await scripts.deploy(script, at(body?.deployed_at)));
  });

  router.delete('/api/v1/scripts/:script/deployments/current', ...auth.ingest, async (req, res) => {
    const { script } = parse(scriptParams, req.params, 'params');
    const body = parse(undeployBody, req.body, 'body');
    window.require(body?.undeployed_at, 'body.undeployed_at');
    res.json(await scripts.undeploy(script, at(body?.undeployed_at)));
  });

  router.get('/api/v1/scripts', ...auth.read, async (_req, res) => {
    res.json({ scripts: await scripts.list() });
  });

  router.get('/api/v1/deployments', ...auth.read, async (req, res) => {
    const q = parse(deploymentsQuery, req.query, 'query');
    const { from, to } = defaultRange(q);
    res.json({ deployments: await scripts.deployments(q.script ?? [], from, to) });
  });

  return router;
}
