import { z } from 'zod';
import { dateTime, nullableDateTime, scriptName } from './common';
import { isoDateTime } from './inputs';
import { from, scriptList, to } from './selection';

/** Scripts and their deployments: `/api/v1/scripts…` and `/api/v1/deployments`. */

export const scriptParams = z.object({ script: scriptName });

/** When the platform records a deployment after the fact (e.g. a backfill); default now. */
export const deployBody = z
  .object({ deployed_at: isoDateTime.optional() })
  .optional()
  .meta({ description: 'Optional: `deployed_at` records a deployment after the fact (default now).' });
export const undeployBody = z
  .object({
    undeployed_at: isoDateTime
      .optional()
      .meta({ description: 'When it was undeployed (default now); not before the current deployment' }),
  })
  .optional();

export const deploymentsQuery = z.object({
  script: scriptList.optional(),
  from: from.optional(),
  to: to.optional(),
});

export const deployment = z
  .object({
    script: scriptName,
    version: z.number().int().min(1),
    deployed_at: dateTime,
    undeployed_at: nullableDateTime,
  })
  .meta({ id: 'Deployment' });
export type Deployment = z.infer<typeof deployment>;

export const undeployedDeployment = deployment
  .extend({ undeployed_at: dateTime })
  .meta({ description: 'The deployment that was ended, with its `undeployed_at`' });

export const scriptInfo = z
  .object({
    script: scriptName,
    current_version: z.number().int().min(1),
    deployed: z.boolean(),
    updated_at: dateTime,
    deployments: z.array(deployment).meta({ description: 'Every deployment, oldest version first' }),
    total_runs: z.number().int().min(0),
    last_run_at: nullableDateTime,
  })
  .meta({ id: 'Script' });
export type ScriptInfo = z.infer<typeof scriptInfo>;

export const scriptsResponse = z.object({ scripts: z.array(scriptInfo) });
export type ScriptsResponse = z.infer<typeof scriptsResponse>;

export const deploymentsResponse = z.object({ deployments: z.array(deployment) });
export type DeploymentsResponse = z.infer<typeof deploymentsResponse>;
