import type { DataSourceInstanceSettings } from '@grafana/data';
import type { LogRow, RunLensOptions, RunRow } from '../types';

export function run(i: number, over: Partial<RunRow> = {}): RunRow {
  return {
    run_id: `run-${i}`,
    script: 'billing',
    function: 'charge',
    status: 'success',
    deployment_version: 2,
    response_time_ms: 100 + i,
    executed_on: new Date(Date.UTC(2026, 10, 20, 10, 0, i)).toISOString(),
    finished_at: new Date(Date.UTC(2026, 10, 20, 10, 0, i, 500)).toISOString(),
    source_type: 'api',
    source: 'checkout',
    error: null,
    trace_id: null,
    ...over,
  };
}

export function log(i: number, over: Partial<LogRow> = {}): LogRow {
  return {
    log_id: `log-${i}`,
    run_id: 'run-1',
    script: 'billing',
    function: 'charge',
    deployment_version: 2,
    source: 'checkout',
    source_type: 'api',
    level: 'info',
    message: `line ${i}`,
    timestamp: new Date(Date.UTC(2026, 10, 20, 10, 0, 0, i)).toISOString(),
    seq: i,
    trace_id: null,
    span_id: null,
    traceparent: null,
    ...over,
  };
}

/** The data source instance the tests build, as Grafana hands it over behind its data proxy. */
export const instanceSettings = {
  id: 1,
  uid: 'runlens',
  type: 'runlens-scripts-datasource',
  name: 'RunLens',
  url: '/api/datasources/proxy/uid/runlens',
  jsonData: { backendUrl: 'http://backend:8080' },
  meta: {},
  access: 'proxy',
  readOnly: false,
} as unknown as DataSourceInstanceSettings<RunLensOptions>;
