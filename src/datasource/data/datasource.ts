import {
  DataSourceApi,
  type AdHocVariableFilter,
  type CoreApp,
  type DataFrame,
  type DataQueryError,
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceGetTagKeysOptions,
  type DataSourceGetTagValuesOptions,
  type DataSourceInstanceSettings,
  type LegacyMetricFindQueryOptions,
  type MetricFindValue,
  type QueryResultMeta,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import type { Observable } from 'rxjs';
import {
  DEFAULT_QUERY,
  type ByVersionResponse,
  type DeploymentsResponse,
  type LogRow,
  type LogVolumeResponse,
  type RunLensOptions,
  type RunLensQuery,
  type RowsPage,
  type RunRow,
  type StatsResponse,
  type TimeseriesResponse,
} from '../types';
import { deploymentAnnotations } from './annotations';
import { RunLensApi } from './api';
import { QUERY_TYPES } from './queryTypes';
import { LOG_FIELDS, LOG_LEVELS, OP_LABELS, RUN_FIELDS, RUN_STATUSES, SOURCE_TYPES } from './fields';
import { byVersionFrame } from './frames/byVersionFrame';
import { deploymentMarkers, deploymentsFrame } from './frames/deploymentsFrame';
import { logsFrame } from './frames/logsFrame';
import { logsTotalFrame } from './frames/logsTotalFrame';
import { logVolumeFrame } from './frames/logVolumeFrame';
import { recordFrames } from './frames/recordFrame';
import { runsFrame } from './frames/runsFrame';
import { statsFrame } from './frames/statsFrame';
import { timeseriesFrame } from './frames/timeseriesFrame';
import { checkHealth } from './health';
import { resolveQuery, type ResolvedQuery } from './interpolate';
import { fetchPages, truncationNotice } from './paging';
import { fetchRecord } from './record';
import { buildRequest, type TimeRangeMs } from './requests';
import { liveQuery, showsRunInProgress, type LiveOptions } from './live';
import { ianaTimeZone } from './timeZone';
import { fieldValues, findVariableValues, parseVariableQuery } from './variables';
import { RunLensVariableSupport } from './variableSupport';

/** The path of the data-proxy route in plugin.json that adds the read token. */
export const PROXY_ROUTE = 'runlens';

const VALUES_FIELDS = new Set(['function', 'source', 'deployment_version', 'status', 'source_type']);

export class RunLensDataSource extends DataSourceApi<RunLensQuery, RunLensOptions> {
  readonly api: RunLensApi;
  private readonly backendUrl?: string;

  constructor(
    instanceSettings: DataSourceInstanceSettings<RunLensOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.api = new RunLensApi(`${instanceSettings.url}/${PROXY_ROUTE}`);
    this.backendUrl = instanceSettings.jsonData?.backendUrl;
    this.variables = new RunLensVariableSupport(this);
    this.annotations = deploymentAnnotations;
  }

  getDefaultQuery(_app: CoreApp): Partial<RunLensQuery> {
    return DEFAULT_QUERY;
  }

  /** One line per query in query history and collapsed editors. */
  getQueryDisplayText(query: RunLensQuery): string {
    const label = QUERY_TYPES.find((t) => t.value === (query.queryType ?? 'runs'))?.label ?? query.queryType;
    const type =
      query.queryType === 'logs' && query.countOnly
        ? 'Logs count'
        : query.queryType === 'deployments'
          ? `Deployment markers (${query.markers ?? 'both'})`
          : label;
    const scripts = query.scripts?.length ? query.scripts.join(', ') : 'all scripts';
    const filters = (query.filters ?? [])
      .filter((f) => f.field)
      .map((f) => `${f.field} ${OP_LABELS[f.op]} ${f.values.join(f.op === 'between' ? ' and ' : ' | ')}`)
      .join(query.match === 'any' ? ' OR ' : ' AND ');
    const run = query.queryType === 'record' && query.runId ? ` run ${query.runId}` : '';
    return [`${type} of ${scripts}${run}`, filters, query.q ? `"${query.q}"` : ''].filter(Boolean).join(' · ');
  }

  filterQuery(query: RunLensQuery): boolean {
    return !query.hide;
  }

  /** The query with $variables and ad hoc filters applied, in the query model's shape. */
  applyTemplateVariables(query: RunLensQuery, scopedVars: ScopedVars, filters?: AdHocVariableFilter[]): RunLensQuery {
    const r = resolveQuery(this.templateSrv, query, scopedVars, filters);
    return {
      ...query,
      scripts: r.scripts,
      filters: r.filters,
      match: r.match,
      q: r.q,
      interval: r.interval,
      runId: r.runId,
    };
  }

  /** Used when a dashboard panel is opened in Explore: the variables do not exist there. */
  interpolateVariablesInQueries(
    queries: RunLensQuery[],
    scopedVars: ScopedVars,
    filters?: AdHocVariableFilter[]
  ): RunLensQuery[] {
    return queries.map((q) => this.applyTemplateVariables(q, scopedVars, filters));
  }

  /** Live updates of a record whose run is in progress: every second, for at most 10 minutes. */
  live: LiveOptions = { pollMs: 1000, maxPolls: 600 };

  query(request: DataQueryRequest<RunLensQuery>): Observable<DataQueryResponse> {
    return liveQuery(() => this.queryOnce(request), showsRunInProgress, this.live, request.requestId);
  }

  /** Every target once: frames of the ones that worked, an error per one that did not. */
  async queryOnce(request: DataQueryRequest<RunLensQuery>): Promise<DataQueryResponse> {
    const range: TimeRangeMs = { from: request.range.from.valueOf(), to: request.range.to.valueOf() };
    const timeZone = ianaTimeZone(request.timezone);
    const results = await Promise.all(
      request.targets
        .filter((t) => this.filterQuery(t))
        .map(async (target) => {
          const q = { ...resolveQuery(this.templateSrv, target, request.scopedVars, request.filters), timeZone };
          try {
            return { frames: await this.run(q, range) };
          } catch (err) {
            const error: DataQueryError = {
              refId: target.refId,
              message: err instanceof Error ? err.message : String(err),
            };
            return { frames: [] as DataFrame[], error };
          }
        })
    );
    const errors = results.flatMap((r) => (r.error ? [r.error] : []));
    return { data: results.flatMap((r) => r.frames), ...(errors.length ? { errors } : {}) };
  }

  /** One resolved query → its frames. */
  async run(q: ResolvedQuery, range: TimeRangeMs): Promise<DataFrame[]> {
    const meta = (extra?: string): QueryResultMeta => {
      const notices = [...q.notices, ...(extra ? [extra] : [])];
      return notices.length ? { notices: notices.map((text) => ({ severity: 'warning' as const, text })) } : {};
    };
    switch (q.queryType) {
      case 'runs': {
        const paged = await fetchPages<RunRow>(this.api, q, range);
        const frame = runsFrame(q.refId, paged.rows, meta(truncationNotice('runs', paged, q.maxRows)));
        frame.meta = { ...frame.meta, custom: { total: paged.total } };
        return [frame];
      }
      case 'logs': {
        if (q.countOnly) {
          const page = await this.get<RowsPage<LogRow>>(q, range);
          return [this.withMeta(logsTotalFrame(q.refId, page.total), meta())];
        }
        const paged = await fetchPages<LogRow>(this.api, q, range);
        const frame = logsFrame(q.refId, paged.rows, meta(truncationNotice('logs', paged, q.maxRows)));
        frame.meta = { ...frame.meta, custom: { total: paged.total } };
        return [frame];
      }
      case 'logVolume':
        return [this.withMeta(logVolumeFrame(q.refId, await this.get<LogVolumeResponse>(q, range)), meta())];
      case 'stats':
        return [this.withMeta(statsFrame(q.refId, await this.get<StatsResponse>(q, range)), meta())];
      case 'timeseries':
        return [this.withMeta(timeseriesFrame(q.refId, await this.get<TimeseriesResponse>(q, range)), meta())];
      case 'byVersion':
        return [this.withMeta(byVersionFrame(q.refId, await this.get<ByVersionResponse>(q, range)), meta())];
      case 'record':
        return recordFrames(q.refId, await fetchRecord(this.api, q, range));
      case 'deployments': {
        const { deployments } = await this.get<DeploymentsResponse>(q, range);
        return [deploymentsFrame(q.refId, deploymentMarkers(deployments, range, q.markers))];
      }
      default:
        throw new Error(`Unknown query type "${String(q.queryType)}"`);
    }
  }

  private get<T>(q: ResolvedQuery, range: TimeRangeMs): Promise<T> {
    const req = buildRequest(q, range);
    return this.api.get<T>(req.path, req.params);
  }

  private withMeta(frame: DataFrame, meta: QueryResultMeta): DataFrame {
    frame.meta = { ...frame.meta, ...meta };
    return frame;
  }

  testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.api, this.backendUrl);
  }

  /** Template variables: {kind: scripts | functions | sources | versions, scripts: ["$script"]}. */
  async metricFindQuery(query: unknown, options?: LegacyMetricFindQueryOptions): Promise<MetricFindValue[]> {
    const q = parseVariableQuery(query);
    const scripts = (q.scripts ?? []).flatMap((s) =>
      this.templateSrv
        .replace(s, options?.scopedVars, (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v)))
        .split(',')
    );
    const range = options?.range ? { from: options.range.from.valueOf(), to: options.range.to.valueOf() } : undefined;
    return findVariableValues(
      this.api,
      q,
      scripts.filter((s) => s && !s.startsWith('$')),
      range
    );
  }

  /** Ad hoc filter keys: every filterable run and log column. */
  async getTagKeys(_options?: DataSourceGetTagKeysOptions<RunLensQuery>): Promise<MetricFindValue[]> {
    const seen = new Set<string>();
    return [...RUN_FIELDS, ...LOG_FIELDS]
      .filter((f) => (seen.has(f.name) ? false : (seen.add(f.name), true)))
      .map((f) => ({ text: f.name, value: f.name }));
  }

  async getTagValues(options: DataSourceGetTagValuesOptions<RunLensQuery>): Promise<MetricFindValue[]> {
    const fixed: Record<string, Array<{ value: string }>> = {
      status: RUN_STATUSES,
      source_type: SOURCE_TYPES,
      level: LOG_LEVELS,
    };
    if (fixed[options.key]) {
      return fixed[options.key].map((o) => ({ text: o.value, value: o.value }));
    }
    if (!VALUES_FIELDS.has(options.key)) {
      return [];
    }
    const range = options.timeRange
      ? { from: options.timeRange.from.valueOf(), to: options.timeRange.to.valueOf() }
      : undefined;
    return fieldValues(this.api, options.key, [], range);
  }
}
