import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import type { Deployment, DeploymentMarkers } from '../../types';
import type { TimeRangeMs } from '../queryTypes/definition';

export type DeploymentEvent = 'deployed' | 'undeployed';

export interface DeploymentMarker {
  time: number;
  event: DeploymentEvent;
  script: string;
  version: number;
}

/**
 * The markers of a deployments answer: one at each deployed_at and (for undeployed versions) one at
 * each undeployed_at, kept when inside the range. The API lists a deployment when either time is in
 * the range, so each marker is checked on its own. Ordered by time.
 */
export function deploymentMarkers(
  deployments: Deployment[],
  range: TimeRangeMs,
  which: DeploymentMarkers = 'both'
): DeploymentMarker[] {
  const inRange = (t: number) => Number.isFinite(t) && t >= range.from && t <= range.to;
  const out: DeploymentMarker[] = [];
  for (const d of deployments) {
    const base = { script: d.script, version: d.version };
    const deployed = Date.parse(d.deployed_at);
    if (which !== 'undeployed' && inRange(deployed)) {
      out.push({ ...base, time: deployed, event: 'deployed' });
    }
    const undeployed = d.undeployed_at ? Date.parse(d.undeployed_at) : NaN;
    if (which !== 'deployed' && inRange(undeployed)) {
      out.push({ ...base, time: undeployed, event: 'undeployed' });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** "v3 deployed", "v2 undeployed". */
export const markerText = (m: Pick<DeploymentMarker, 'version' | 'event'>) => `v${m.version} ${m.event}`;

/**
 * Deployment markers as the frame Grafana turns into annotations: fields named time, title, text and
 * tags (Grafana's standard annotation mapping matches these names), plus script, version and event.
 * No display names: the standard mapping matches fields by their displayed name.
 */
export function deploymentsFrame(refId: string, markers: DeploymentMarker[]): DataFrame {
  return createDataFrame({
    refId,
    name: 'deployments',
    fields: [
      { name: 'time', type: FieldType.time, values: markers.map((m) => m.time) },
      { name: 'title', type: FieldType.string, values: markers.map((m) => m.script) },
      { name: 'text', type: FieldType.string, values: markers.map(markerText) },
      { name: 'tags', type: FieldType.other, values: markers.map((m) => [m.script, m.event]) },
      { name: 'script', type: FieldType.string, values: markers.map((m) => m.script) },
      { name: 'version', type: FieldType.number, values: markers.map((m) => m.version), config: { decimals: 0 } },
      { name: 'event', type: FieldType.string, values: markers.map((m) => m.event) },
    ],
  });
}
