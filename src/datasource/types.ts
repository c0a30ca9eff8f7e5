import type { DataQuery, DataSourceJsonData } from '@grafana/schema';

/**
 * The query model lives in data/query (its parts, migrateQuery) and data/queryTypes (one file per
 * query type, joined in registry.ts); re-exported here for the modules that only need the types.
 */
export type { RunLensQuery, QueryType } from './data/queryTypes/registry';
export type { DeploymentMarkers } from './data/queryTypes/deployments';
export type { FilterCondition, FilterOp, Match } from './data/query/model';

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
