import pluginJson from './plugin.json';

export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

export const DATASOURCE_TYPE = 'runlens-scripts-datasource';

/** Provisioned dashboards (dashboards/ at the repo root). */
export const DASHBOARDS = {
  allRuns: { uid: 'runlens-all-runs', title: 'All Runs' },
  logs: { uid: 'runlens-logs', title: 'Logs' },
};
