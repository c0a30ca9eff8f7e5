import { routes } from '../api';
import { deploymentMarkers, deploymentsFrame } from '../frames/deploymentsFrame';
import type { SelectionQuery } from '../query/model';
import { defineQueryType } from './definition';
import { scriptsAndRange } from './params';

/** Deployment markers (annotations): deployments, undeployments, or both. */
export type DeploymentMarkers = 'deployed' | 'undeployed' | 'both';
const MARKERS: readonly string[] = ['deployed', 'undeployed', 'both'] satisfies DeploymentMarkers[];

export interface DeploymentsQuery extends SelectionQuery {
  queryType: 'deployments';
  /** Which markers; default both. */
  markers?: DeploymentMarkers;
}

/**
 * Deployment markers from GET /api/v1/deployments, the query of the data source's annotations
 * (data/annotations.ts, views/DeploymentsAnnotationEditor.tsx): scripts and the range only, no
 * column filters, search or ad hoc filters.
 */
export const deployments = defineQueryType<DeploymentsQuery>()({
  type: 'deployments',
  label: 'Deployment markers',
  description: 'Deploys and undeploys of the scripts (annotations)',
  inPicker: false,
  columns: 'none',
  migrate: (stored) => ({
    queryType: 'deployments',
    markers: MARKERS.includes(String(stored.markers)) ? (stored.markers as DeploymentMarkers) : undefined,
  }),
  request: (q, range) => routes.deployments(scriptsAndRange(q, range)),
  frame: (res, q, range) => deploymentsFrame(q.refId, deploymentMarkers(res.deployments, range, q.markers ?? 'both')),
  title: (q, scripts) => `Deployment markers (${q.markers ?? 'both'}) of ${scripts}`,
});
