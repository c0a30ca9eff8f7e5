import { fireEvent, screen } from '@testing-library/react';
import { RunLensDataSource } from '../data/datasource';
import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { instanceSettings } from '../test/fixtures';
import { renderEditor } from '../test/renderEditor';
import { mockFetch } from '../test/mockBackendSrv';
import type { FlatQuery } from '../data/query/migrate';
import { fakeLayout } from '../../test/layout';
import { DeploymentsAnnotationEditor } from './DeploymentsAnnotationEditor';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
  getTemplateSrv: () => fakeTemplateSrv({ script: 'billing' }),
}));

beforeAll(fakeLayout);

async function setup(initial: Partial<FlatQuery>) {
  backend = mockFetch(() => ({ data: { scripts: [{ script: 'billing', deployed: true, current_version: 3 }] } }));
  const ds = new RunLensDataSource(instanceSettings, fakeTemplateSrv({}));
  return renderEditor(DeploymentsAnnotationEditor, ds, { refId: 'Anno', ...initial });
}

describe('DeploymentsAnnotationEditor', () => {
  it('is the annotation editor of the data source', () => {
    backend = mockFetch(() => undefined);
    expect(new RunLensDataSource(instanceSettings, fakeTemplateSrv({})).annotations?.QueryEditor).toBe(
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
