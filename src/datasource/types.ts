import type { DataQuery, DataSourceJsonData } from '@grafana/schema';
import type { FilterOp } from '@runlens/contract/columns';
import type { Match } from '@runlens/contract/enums';

/** Query types of the RunLens data source (query model shared with the provisioned dashboards). */
export type QueryType = 'runs' | 'stats' | 'timeseries' | 'byVersion' | 'logs' | 'logVolume' | 'record' | 'deployments';

/** Deployment markers (annotations): deployments, undeployments, or both. */
export type DeploymentMarkers = 'deployed' | 'undeployed' | 'both';

export type { FilterOp } from '@runlens/contract/columns';

/** One condition, in the backend's format. Values may hold `$variables`. */
export interface FilterCondition {
  field: string;
  op: FilterOp;
  values: string[];
}

export type { Match } from '@runlens/contract/enums';

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

// ---- Backend responses: the contract's types (contract/src), as the API sends them ----

export type { LogLevel, RunStatus } from '@runlens/contract/enums';
export type {
  ByVersionResponse,
  Deployment,
  DeploymentsResponse,
  LogRow,
  LogTimeseries as LogVolumeResponse,
  LogVolumeBucket,
  RecordResponse,
  RowsPage,
  RunMetrics as StatsResponse,
  RunRecord,
  RunRow,
  RunTimeseries as TimeseriesResponse,
  ScriptInfo,
  ScriptsResponse,
  TimeseriesBucket as TimeBucket,
  ValuesResponse,
  VersionMetrics as VersionStats,
} from '@runlens/contract';
