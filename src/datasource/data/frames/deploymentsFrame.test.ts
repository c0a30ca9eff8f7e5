import { FieldType } from '@grafana/data';
import type { Deployment } from '../../types';
import { deploymentMarkers, deploymentsFrame, markerText } from './deploymentsFrame';

const at = (iso: string) => Date.parse(iso);
const range = { from: at('2026-11-19T00:00:00Z'), to: at('2026-11-26T00:00:00Z') };
const deployments: Deployment[] = [
  // Deployed before the range, undeployed in it: only the undeploy marker shows.
  { script: 'legacy', version: 2, deployed_at: '2026-11-10T00:00:00Z', undeployed_at: '2026-11-24T12:00:00Z' },
  { script: 'billing', version: 2, deployed_at: '2026-11-20T10:00:00Z', undeployed_at: '2026-11-22T09:00:00Z' },
  { script: 'billing', version: 3, deployed_at: '2026-11-22T09:00:00Z', undeployed_at: null },
];

describe('deployment markers', () => {
  it('puts a marker at each deploy and undeploy inside the range, in time order', () => {
    expect(deploymentMarkers(deployments, range).map((m) => [m.script, markerText(m), m.time])).toEqual([
      ['billing', 'v2 deployed', at('2026-11-20T10:00:00Z')],
      ['billing', 'v2 undeployed', at('2026-11-22T09:00:00Z')],
      ['billing', 'v3 deployed', at('2026-11-22T09:00:00Z')],
      ['legacy', 'v2 undeployed', at('2026-11-24T12:00:00Z')],
    ]);
  });

  it('keeps only deploys or only undeploys when asked', () => {
    expect(deploymentMarkers(deployments, range, 'deployed').map(markerText)).toEqual(['v2 deployed', 'v3 deployed']);
    expect(deploymentMarkers(deployments, range, 'undeployed').map(markerText)).toEqual([
      'v2 undeployed',
      'v2 undeployed',
    ]);
  });

  it('is a frame with the field names Grafana maps to annotations (time, title, text, tags)', () => {
    const frame = deploymentsFrame('Anno', deploymentMarkers(deployments, range, 'deployed'));
    const f = (name: string) => frame.fields.find((x) => x.name === name)!;
    expect(f('time')).toMatchObject({
      type: FieldType.time,
      values: [at('2026-11-20T10:00:00Z'), at('2026-11-22T09:00:00Z')],
    });
    expect(f('text').values).toEqual(['v2 deployed', 'v3 deployed']);
    expect(f('title').values).toEqual(['billing', 'billing']);
    expect(f('tags').values).toEqual([
      ['billing', 'deployed'],
      ['billing', 'deployed'],
    ]);
    // Grafana's standard mapping matches fields by displayed name: none is renamed.
    expect(frame.fields.every((x) => x.config.displayName === undefined)).toBe(true);
  });
});
