import React from 'react';
import {
  type PluginExtensionAddedLinkConfig,
  type PluginExtensionPanelContext,
  PluginExtensionPoints,
} from '@grafana/data';
import { ExportModal } from '../components/ExportModal/ExportModal';
import { exportTargetOf } from '../shared/exportTarget';

export const EXPORT_CSV_TITLE = 'Export CSV';
export const EXPORT_CSV_DESCRIPTION =
  'Export every row of this runs or logs table (not only those shown) as a CSV file';

/**
 * "Export CSV" in the panel menu of every panel whose data holds a RunLens runs or logs table;
 * other panels do not show it. It opens a modal that starts the export and follows it. Its
 * title and description are declared in plugin.json too (Grafana 12 requires it).
 */
export const exportCsvLink: PluginExtensionAddedLinkConfig<PluginExtensionPanelContext> = {
  targets: [PluginExtensionPoints.DashboardPanelMenu],
  title: EXPORT_CSV_TITLE,
  description: EXPORT_CSV_DESCRIPTION,
  icon: 'download-alt',
  configure: (context) => (exportTargetOf(context?.data?.series) ? {} : undefined),
  onClick: (_event, helpers) => {
    const target = exportTargetOf(helpers.context?.data?.series);
    if (!target) {
      return;
    }
    helpers.openModal({
      title: `Export CSV: ${helpers.context?.title || target.request.kind}`,
      width: 560,
      body: ({ onDismiss }) => <ExportModal target={target} onDismiss={onDismiss} />,
    });
  },
};
