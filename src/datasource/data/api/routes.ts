import type { ExportEnvelope, ExportRequest } from '../../../shared/exportTarget';
import type {
  ByVersionResponse,
  DeploymentsResponse,
  LogRow,
  LogVolumeResponse,
  RecordResponse,
  RowsPage,
  RunRow,
  ScriptsResponse,
  StatsResponse,
  TimeseriesResponse,
  ValuesResponse,
} from '../../types';

/** A request to the backend, relative to the data-proxy route, typed by what it answers (GET unless said). */
export interface ApiRequest<T> {
  path: string;
  params: URLSearchParams;
  method?: 'GET' | 'POST' | 'DELETE';
  /** The JSON body of a POST. */
  data?: unknown;
  /** Never set: carries the answer's type from the route to `RunLensApi.send`. */
  readonly response?: T;
}

const get =
  <T>(path: string) =>
  (params = new URLSearchParams()): ApiRequest<T> => ({ path, params });

/** Every backend route the plugin reads, with the type of its answer: the only place paths are written. */
export const routes = {
  ready: get<unknown>('/readyz'),
  scripts: get<ScriptsResponse>('/api/v1/scripts'),
  deployments: get<DeploymentsResponse>('/api/v1/deployments'),
  runs: get<RowsPage<RunRow>>('/api/v1/runs'),
  stats: get<StatsResponse>('/api/v1/runs/stats'),
  timeseries: get<TimeseriesResponse>('/api/v1/runs/timeseries'),
  byVersion: get<ByVersionResponse>('/api/v1/runs/by-version'),
  values: get<ValuesResponse>('/api/v1/runs/values'),
  record: (runId: string, params = new URLSearchParams()): ApiRequest<RecordResponse> => ({
    path: `/api/v1/runs/${encodeURIComponent(runId)}`,
    params,
  }),
  logs: get<RowsPage<LogRow>>('/api/v1/logs'),
  logVolume: get<LogVolumeResponse>('/api/v1/logs/timeseries'),
  // Server-Sent Events (read through RunLensApi.stream, not send).
  runLogStream: (runId: string): ApiRequest<never> => ({
    path: `/api/v1/runs/${encodeURIComponent(runId)}/logs/stream`,
    params: new URLSearchParams(),
  }),
  logStream: get<never>('/api/v1/logs/stream'),
  startExport: (data: ExportRequest): ApiRequest<ExportEnvelope> => ({
    path: '/api/v1/exports',
    params: new URLSearchParams(),
    method: 'POST',
    data,
  }),
  getExport: (id: string): ApiRequest<ExportEnvelope> => ({ path: exportPath(id), params: new URLSearchParams() }),
  cancelExport: (id: string): ApiRequest<ExportEnvelope> => ({
    path: exportPath(id),
    params: new URLSearchParams(),
    method: 'DELETE',
  }),
  /** Not fetched: the browser follows it as a link, so the file downloads under its own name. */
  downloadExport: (id: string): ApiRequest<string> => ({
    path: `${exportPath(id)}/download`,
    params: new URLSearchParams(),
  }),
};

function exportPath(id: string) {
  return `/api/v1/exports/${encodeURIComponent(id)}`;
}
