import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import type { ScriptInfo } from '../../datasource/types';
import { ScriptsPage } from './ScriptsPage';

let list: Array<{ uid: string }> = [];
let answer: () => Promise<{ scripts: ScriptInfo[] }>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getDataSourceSrv: () => ({
    getList: () => list,
    get: async () => ({ api: { scripts: () => answer() } }),
  }),
}));

const script = (name: string, over: Partial<ScriptInfo> = {}): ScriptInfo => ({
  script: name,
  current_version: 2,
  deployed: true,
  updated_at: '2026-11-01T00:00:00.000Z',
  deployments: [],
  total_runs: 12,
  last_run_at: '2026-11-20T10:00:00Z',
  ...over,
});

// Inside Grafana the page sits in Grafana's router; links to dashboards are router links.
const renderPage = () =>
  render(
    <MemoryRouter>
      <ScriptsPage />
    </MemoryRouter>
  );

describe('Scripts page', () => {
  beforeEach(() => {
    list = [{ uid: 'runlens' }];
  });

  it('lists scripts with deployment, runs and a link to their runs', async () => {
    answer = async () => ({
      scripts: [script('billing'), script('legacy', { deployed: false, total_runs: 0, last_run_at: null })],
    });
    renderPage();
    const rows = within(await screen.findByRole('table', { name: 'Scripts' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('billing');
    expect(rows[1]).toHaveTextContent('Deployed · v2');
    expect(rows[1]).toHaveTextContent('12');
    expect(within(rows[1]).getByRole('link', { name: 'billing' })).toHaveAttribute(
      'href',
      '/d/runlens-all-runs?var-script=billing'
    );
    expect(rows[2]).toHaveTextContent('Undeployed');
    expect(rows[2]).toHaveTextContent('Never run');
  });

  it('says when no script is deployed', async () => {
    answer = async () => ({ scripts: [] });
    renderPage();
    expect(await screen.findByText('No script deployed')).toBeInTheDocument();
  });

  it('says when there is no RunLens data source', () => {
    list = [];
    renderPage();
    expect(screen.getByText('No RunLens data source')).toBeInTheDocument();
  });

  it('shows the backend error', async () => {
    answer = async () => {
      throw new Error('Cannot reach the RunLens backend');
    };
    renderPage();
    expect(await screen.findByText('Cannot reach the RunLens backend')).toBeInTheDocument();
  });
});
