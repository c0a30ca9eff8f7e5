import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

/** Query types of the RunLens data source (query model shared with the provisioned dashboards). */
export type QueryType = 'runs' | 'stats' | 'timeseries' | 'byVersion' | 'logs' | 'logVolume' | 'record' | 'deployments';

/** Deployment markers (annotations): deployments, undeployments, or both. */
export type DeploymentMarkers = 'deployed' | 'undeployed' | 'both';

export type FilterOp = 'is' | 'is_not' | 'contains' | 'gt' | 'lt' | 'between';

/** One condition, in the backend's format. Values may hold `$variables`. */
export interface FilterCondition {
  field: string;
  op: FilterOp;
  values: string[];
}

export type Match = 'all' | 'any';

export interface RunLensQuery extends DataQuery {
  queryType?: QueryType;
  scripts?: string[];
  filters?: FilterCondition[];
  match?: Match;
  q?: string;
  sort?: string;
  order?: 'asc' | 'desc';
  /** Rows per page fetched from the backend. */
  limit?: number;
  /** The data source pages through next_cursor up to this many rows. */
  maxRows?: number;
  /** Time series and log volume bucket, e.g. 5m, 1h, 1d; empty = automatic. */
  interval?: string;
  /** Record: which run. */
  runId?: string;
  /** Logs: only the number of matching lines (frame `total_logs`), no rows. */
  countOnly?: boolean;
  /** Deployments (annotations): which markers; default both. */
  markers?: DeploymentMarkers;
}

export const DEFAULT_QUERY: Partial<RunLensQuery> = {
  queryType: 'runs',
  scripts: [],
  filters: [],
  match: 'all',
  q: '',
  limit: 100,
  maxRows: 1000,
};

/** Template variable query (metricFindQuery). */
export type VariableKind = 'scripts' | 'functions' | 'sources' | 'versions';
export interface RunLensVariableQuery extends Partial<DataQuery> {
  kind: VariableKind;
  scripts?: string[];
}

export interface RunLensOptions extends DataSourceJsonData {
  /** RunLens backend base URL, used by the data-proxy route in plugin.json. */
  backendUrl?: string;
}

export interface RunLensSecureOptions {
  /** Read-scope token; the data-proxy route adds it as a bearer token. */
  readToken?: string;
}

// ---- Backend responses (snake_case, as the API sends them) ----

export type RunStatus = 'success' | 'failed' | 'in_progress';

export interface RunRow {
  run_id: string;
  script: string;
  function: string;
  status: RunStatus;
  deployment_version: number;
  response_time_ms: number | null;
  executed_on: string;
  finished_at: string | null;
  source_type: 'tool' | 'api';
  source: string;
  error: string | null;
  trace_id: string | null;
}

export interface LogRow {
  log_id: string;
  run_id: string;
  script: string;
  function: string;
  deployment_version: number;
  source: string;
  source_type: string;
  level: string;
  message: string;
  timestamp: string;
  seq?: number;
  trace_id?: string | null;
  span_id?: string | null;
  traceparent?: string | null;
}

export interface RowsPage<T> {
  total: number;
  rows: T[];
  next_cursor: string | null;
}

export interface StatsResponse {
  total_runs: number;
  failed_runs: number;
  p90_ms: number | null;
  p99_ms: number | null;
  failure_rate: number;
}

export interface TimeBucket {
  time: string;
  total_runs: number;
  failed_runs: number;
  failure_rate: number;
  p90_ms: number | null;
  p99_ms: number | null;
}

export interface TimeseriesResponse {
  interval: string;
  buckets: TimeBucket[];
}

export type LogLevel = 'stdout' | 'stderr' | 'info' | 'debug' | 'warning' | 'error';

export interface LogVolumeBucket {
  time: string;
  total_logs: number;
  by_level: Record<LogLevel, number>;
}

/** GET /api/v1/logs/timeseries: log lines per bucket and level, under the logs selection. */
export interface LogVolumeResponse {
  interval: string;
  buckets: LogVolumeBucket[];
}

export interface VersionStats {
  deployment_version: number;
  total_runs: number;
  failed_runs: number;
  failure_rate: number;
  p90_ms: number | null;
  p99_ms: number | null;
}

export interface ByVersionResponse {
  versions: VersionStats[];
}

export interface ScriptInfo {
  script: string;
  current_version: number | null;
  deployed: boolean;
  deployments: Array<{ version: number; deployed_at: string; undeployed_at: string | null }>;
  total_runs: number;
  last_run_at: string | null;
}

export interface Deployment {
  script: string;
  version: number;
  deployed_at: string;
  undeployed_at: string | null;
}

export interface DeploymentsResponse {
  deployments: Deployment[];
}

export interface ScriptsResponse {
  scripts: ScriptInfo[];
}

export interface ValuesResponse {
  field: string;
  values: Array<{ value: string | number; count: number }>;
}

export interface RunRecord extends RunRow {
  input?: unknown;
  output?: unknown;
}

export interface RecordResponse {
  run: RunRecord;
  logs: LogRow[];
  /** All of the run's log lines; `logs` holds the first ones (up to 1000). */
  logs_total?: number;
  prev_run_id: string | null;
  next_run_id: string | null;
}
