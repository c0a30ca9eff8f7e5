import React from 'react';
import { render, screen } from '@testing-library/react';
import {
  createDataFrame,
  type PluginExtensionEventHelpers,
  type PluginExtensionPanelContext,
  PluginExtensionPoints,
} from '@grafana/data';
import pluginJson from '../plugin.json';
import { plugin } from '../module';
import { EXPORT_META_KEY, type ExportTarget } from '../shared/exportTarget';
import { exportCsvLink } from './exportCsvLink';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  // The modal starts the export when it opens; this test only looks at what it shows first.
  getBackendSrv: () => ({ fetch: () => new (jest.requireActual('rxjs').Observable)(() => undefined) }),
}));

const target: ExportTarget = {
  baseUrl: '/api/datasources/proxy/uid/runlens/runlens',
  request: { kind: 'runs', script: ['billing'], from: '1', to: '2' },
  total: 52_311,
};
const panel = (custom?: Record<string, unknown>) =>
  ({
    title: 'Runs',
    data: { series: [createDataFrame({ fields: [], meta: custom ? { custom } : undefined })] },
  }) as unknown as PluginExtensionPanelContext;

describe('Export CSV in the panel menu', () => {
  it('shows on panels with a RunLens runs or logs table, and nowhere else', () => {
    expect(exportCsvLink.targets).toEqual([PluginExtensionPoints.DashboardPanelMenu]);
    expect(exportCsvLink.configure!(panel({ [EXPORT_META_KEY]: target }))).toEqual({});
    expect(exportCsvLink.configure!(panel({ total: 3 }))).toBeUndefined();
    expect(exportCsvLink.configure!(panel())).toBeUndefined();
    expect(exportCsvLink.configure!(undefined)).toBeUndefined();
  });

  it('opens a modal that exports the table', () => {
    const openModal = jest.fn();
    const helpers = {
      context: panel({ [EXPORT_META_KEY]: target }),
      extensionPointId: PluginExtensionPoints.DashboardPanelMenu,
      openModal,
    } as unknown as PluginExtensionEventHelpers<PluginExtensionPanelContext>;
    exportCsvLink.onClick!(undefined, helpers);
    expect(openModal).toHaveBeenCalledTimes(1);
    const { title, body: Body } = openModal.mock.calls[0][0];
    expect(title).toBe('Export CSV: Runs');
    render(<Body onDismiss={jest.fn()} />);
    expect(screen.getByText(/52,311 matched when the panel loaded/)).toBeInTheDocument();
    expect(screen.getByText('Starting the export…')).toBeInTheDocument();
  });

  it('is registered by the app and declared in plugin.json as Grafana requires', () => {
    const declared = pluginJson.extensions.addedLinks;
    expect(declared).toEqual([
      { targets: exportCsvLink.targets, title: exportCsvLink.title, description: exportCsvLink.description },
    ]);
    expect((plugin as unknown as { addedLinkConfigs: unknown[] }).addedLinkConfigs).toContain(exportCsvLink);
  });
});
