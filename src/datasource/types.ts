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
  /** A tracing data source (Tempo, Jaeger, Zipkin): trace_id links open the trace there. */
  tracingDatasourceUid?: string;
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
