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

/** A GET against the backend, relative to the data-proxy route, typed by what it answers. */
export interface ApiRequest<T> {
  path: string;
  params: URLSearchParams;
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
};
