import React, { useState } from 'react';
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { RunLensDataSource } from '../data/datasource';
import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { mockFetch } from '../test/mockBackendSrv';
import type { RunLensOptions, RunLensQuery } from '../types';
import { fakeLayout } from '../../test/layout';
import { DeploymentsAnnotationEditor } from './DeploymentsAnnotationEditor';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
  getTemplateSrv: () => fakeTemplateSrv({ script: 'billing' }),
}));

beforeAll(fakeLayout);

const settings = {
  uid: 'runlens',
  url: '/proxy',
  jsonData: {},
  meta: {},
} as unknown as DataSourceInstanceSettings<RunLensOptions>;

async function setup(initial: Partial<RunLensQuery>) {
  backend = mockFetch(() => ({ data: { scripts: [{ script: 'billing', deployed: true, current_version: 3 }] } }));
  const ds = new RunLensDataSource(settings, fakeTemplateSrv({}));
  const changes: RunLensQuery[] = [];
  const onRunQuery = jest.fn();
  function Harness() {
    const [query, setQuery] = useState<RunLensQuery>({ refId: 'Anno', ...initial });
    return (
      <DeploymentsAnnotationEditor
        {...({
          datasource: ds,
          query,
          onChange: (q: RunLensQuery) => {
            changes.push(q);
            setQuery(q);
          },
          onRunQuery,
        } as unknown as React.ComponentProps<typeof DeploymentsAnnotationEditor>)}
      />
    );
  }
  await act(async () => {
    render(<Harness />);
  });
  return { onRunQuery, last: () => changes[changes.length - 1] };
}

describe('DeploymentsAnnotationEditor', () => {
  it('is the annotation editor of the data source', () => {
    backend = mockFetch(() => undefined);
    expect(new RunLensDataSource(settings, fakeTemplateSrv({})).annotations?.QueryEditor).toBe(
      DeploymentsAnnotationEditor
    );
  });

  it('picks the scripts and which markers, and keeps the query a deployments query', async () => {
    const { last, onRunQuery } = await setup({ scripts: ['$script'] });
    expect(screen.getByLabelText('Scripts')).toBeInTheDocument();
    expect(screen.getByText('$script')).toBeInTheDocument();
    expect(screen.getByRole('radio', { name: 'Deployed and undeployed' })).toBeChecked();
    fireEvent.click(screen.getByRole('radio', { name: 'Undeployed' }));
    expect(last()).toEqual({ refId: 'Anno', queryType: 'deployments', scripts: ['$script'], markers: 'undeployed' });
    expect(onRunQuery).toHaveBeenCalled();
  });
});
