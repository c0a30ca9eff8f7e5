import { dateTime, type AnnotationQuery, type DataQueryRequest } from '@grafana/data';
import { lastValueFrom } from 'rxjs';
import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { mockFetch, paramsOf } from '../test/mockBackendSrv';
import { instanceSettings } from '../test/fixtures';
import type { RunLensQuery } from '../types';
import { DEPLOYMENTS_QUERY, deploymentEvents, prepareDeploymentsAnnotation } from './annotations';
import { RunLensDataSource } from './datasource';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
}));

const from = Date.UTC(2026, 10, 19);
const to = Date.UTC(2026, 10, 26);
const DEPLOYMENTS = [
  { script: 'billing', version: 1, deployed_at: '2026-11-01T00:00:00.000Z', undeployed_at: '2026-11-20T08:00:00.000Z' },
  { script: 'billing', version: 2, deployed_at: '2026-11-20T08:00:00.000Z', undeployed_at: null },
  { script: 'orders', version: 4, deployed_at: '2026-11-21T12:30:00.000Z', undeployed_at: null },
];

/** Runs an annotation the way Grafana does: prepareAnnotation → prepareQuery → query → processEvents. */
async function runAnnotation(ds: RunLensDataSource, stored: Partial<AnnotationQuery<RunLensQuery>>) {
  const support = ds.annotations!;
  const anno = support.prepareAnnotation!(stored);
  const query = support.prepareQuery!(anno)!;
  const res = await lastValueFrom(
    ds.query({
      targets: [{ ...query, refId: 'Anno' }],
      range: { from: dateTime(from), to: dateTime(to), raw: { from: 'now-7d', to: 'now' } },
      scopedVars: {},
    } as unknown as DataQueryRequest<RunLensQuery>)
  );
  return lastValueFrom(support.processEvents!(anno, res.data));
}

function setup(vars: Record<string, string | string[]> = {}) {
  backend = mockFetch((url) =>
    url.pathname.endsWith('/api/v1/deployments') ? { data: { deployments: DEPLOYMENTS } } : undefined
  );
  return new RunLensDataSource(instanceSettings, fakeTemplateSrv(vars));
}

describe('deployment markers as annotations', () => {
  it('reads GET /api/v1/deployments for the dashboard range and $script, and marks deploys and undeploys', async () => {
    const ds = setup({ script: ['billing', 'orders'] });
    const events = await runAnnotation(ds, {
      name: 'Deployments',
      enable: true,
      iconColor: 'blue',
      target: { refId: 'Anno', queryType: 'deployments', scripts: ['$script'] },
    });
    expect(backend.calls).toHaveLength(1);
    expect(backend.calls[0].pathname).toBe('/api/datasources/proxy/uid/runlens/runlens/api/v1/deployments');
    expect(paramsOf(backend.calls[0])).toMatchObject({
      script: ['billing', 'orders'],
      from: String(from),
      to: String(to),
    });
    expect(events).toEqual([
      {
        time: Date.parse('2026-11-20T08:00:00.000Z'),
        text: 'v1 undeployed',
        title: 'billing',
        tags: ['billing', 'undeployed'],
      },
      {
        time: Date.parse('2026-11-20T08:00:00.000Z'),
        text: 'v2 deployed',
        title: 'billing',
        tags: ['billing', 'deployed'],
      },
      {
        time: Date.parse('2026-11-21T12:30:00.000Z'),
        text: 'v4 deployed',
        title: 'orders',
        tags: ['orders', 'deployed'],
      },
    ]);
  });

  it('one annotation per kind of marker: deploys only, or undeploys only', async () => {
    const ds = setup();
    const texts = async (markers: 'deployed' | 'undeployed') =>
      (await runAnnotation(ds, {
        name: markers,
        enable: true,
        iconColor: 'red',
        target: { refId: 'A', queryType: 'deployments', markers },
      }))!.map((e) => e.text);
    expect(await texts('deployed')).toEqual(['v2 deployed', 'v4 deployed']);
    expect(await texts('undeployed')).toEqual(['v1 undeployed']);
  });

  it('a new annotation (no target yet) reads every deployment marker of all scripts', async () => {
    const ds = setup();
    const anno = prepareDeploymentsAnnotation({ name: 'New', enable: true, iconColor: 'green' });
    expect(anno.target).toEqual({ refId: 'Anno', ...DEPLOYMENTS_QUERY });
    expect(ds.annotations?.getDefaultQuery?.()).toEqual(DEPLOYMENTS_QUERY);
    expect(await runAnnotation(ds, { name: 'New', enable: true, iconColor: 'green' })).toHaveLength(3);
    expect(paramsOf(backend.calls[0]).script).toEqual([]);
  });

  it('ignores filters, free text and ad hoc filters a stored target may carry', async () => {
    const ds = setup();
    await runAnnotation(ds, {
      name: 'x',
      enable: true,
      iconColor: 'blue',
      target: {
        refId: 'A',
        queryType: 'deployments',
        q: 'x',
        filters: [{ field: 'status', op: 'is', values: ['failed'] }],
      },
    });
    expect([...backend.calls[0].searchParams.keys()].sort()).toEqual(['from', 'to']);
  });

  it('turns frames without the annotation fields into no events', () => {
    expect(deploymentEvents([])).toEqual([]);
  });
});
