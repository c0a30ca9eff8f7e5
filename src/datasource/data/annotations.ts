import {
  FieldType,
  type AnnotationEvent,
  type AnnotationQuery,
  type AnnotationSupport,
  type DataFrame,
} from '@grafana/data';
import { of } from 'rxjs';
import type { RunLensQuery } from '../types';
import { DeploymentsAnnotationEditor } from '../views/DeploymentsAnnotationEditor';

/** What a new annotation on the RunLens data source starts with: every deployment marker of all scripts. */
export const DEPLOYMENTS_QUERY: Partial<RunLensQuery> = { queryType: 'deployments', scripts: [], markers: 'both' };

/** The stored annotation with a deployments query as its target (filling what older or new ones lack). */
export function prepareDeploymentsAnnotation(json: AnnotationQuery<RunLensQuery>): AnnotationQuery<RunLensQuery> {
  const target = { refId: 'Anno', ...DEPLOYMENTS_QUERY, ...json?.target, queryType: 'deployments' as const };
  return { ...json, target };
}

/** Frames of a deployments query → annotation events: time, "v3 deployed", the script as title and tag. */
export function deploymentEvents(frames: DataFrame[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const field = (name: string) => frame.fields.find((f) => f.name === name);
    const time = field('time') ?? frame.fields.find((f) => f.type === FieldType.time);
    const text = field('text');
    if (!time || !text) {
      continue;
    }
    const title = field('title');
    const tags = field('tags');
    for (let i = 0; i < frame.length; i++) {
      events.push({
        time: time.values[i],
        text: text.values[i],
        title: title?.values[i],
        tags: tags?.values[i] ?? [],
      });
    }
  }
  return events;
}

/**
 * Deployment markers (GET /api/v1/deployments) as Grafana annotations: each annotation on the data
 * source is one deployments query (scripts, which markers), run over the dashboard's time range.
 */
export const deploymentAnnotations: AnnotationSupport<RunLensQuery> = {
  QueryEditor: DeploymentsAnnotationEditor,
  getDefaultQuery: () => DEPLOYMENTS_QUERY,
  prepareAnnotation: (json) => prepareDeploymentsAnnotation(json),
  prepareQuery: (anno) => (anno.target ? { ...anno.target, queryType: 'deployments' } : undefined),
  processEvents: (_anno, frames) => of(deploymentEvents(frames)),
};
