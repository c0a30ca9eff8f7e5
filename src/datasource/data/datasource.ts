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
  type DataSourceWithLogsContextSupport,
  type DataSourceWithQueryModificationSupport,
  type DataSourceWithToggleableQueryFiltersSupport,
  type LegacyMetricFindQueryOptions,
  type LogRowContextOptions,
  type LogRowModel,
  type QueryFilterOptions,
  type QueryFixAction,
  type ToggleFilterAction,
  type MetricFindValue,
  type QueryResultMeta,
  type ScopedVars,
  type TestDataSourceResponse,
} from '@grafana/data';
import { getTemplateSrv, type TemplateSrv } from '@grafana/runtime';
import type { Observable } from 'rxjs';
import type { RunLensOptions } from '../types';
import { deploymentAnnotations } from './annotations';
import { RunLensApi } from './api';
import { LOG_FIELDS, LOG_LEVELS, RUN_FIELDS, RUN_STATUSES, SOURCE_TYPES } from './fields';
import { checkHealth } from './health';
import { resolveQuery } from './interpolate';
import { liveQuery, showsRunInProgress, type LiveOptions } from './live';
import { modifyQuery, queryHasFilter, SUPPORTED_MODIFICATIONS, toggleQueryFilter } from './logs/filters';
import { contextRequest } from './logs/logContext';
import { withLogLinks, type LogLinkTargets } from './logs/logLinks';
import type { StoredQuery } from './query/migrate';
import { runQueryType, type TimeRangeMs } from './queryTypes/definition';
import { queryDisplayText } from './queryTypes/displayText';
import { DEFAULT_QUERY, queryTypeOf, type RunLensQuery } from './queryTypes/registry';
import { ianaTimeZone } from './timeZone';
import { fieldValues, findVariableValues, parseVariableQuery } from './variables';
import { RunLensVariableSupport } from './variableSupport';

/** The path of the data-proxy route in plugin.json that adds the read token. */
export const PROXY_ROUTE = 'runlens';

const VALUES_FIELDS = new Set(['function', 'source', 'deployment_version', 'status', 'source_type']);

export class RunLensDataSource
  extends DataSourceApi<RunLensQuery, RunLensOptions>
  implements
    DataSourceWithToggleableQueryFiltersSupport<RunLensQuery>,
    DataSourceWithQueryModificationSupport<RunLensQuery>,
    DataSourceWithLogsContextSupport<RunLensQuery>
{
  readonly api: RunLensApi;
  private readonly backendUrl?: string;
  /** Where log lines link to: this data source (records in Explore) and the tracing one. */
  private readonly linkTargets: LogLinkTargets;

  constructor(
    instanceSettings: DataSourceInstanceSettings<RunLensOptions>,
    private readonly templateSrv: TemplateSrv = getTemplateSrv()
  ) {
    super(instanceSettings);
    this.api = new RunLensApi(`${instanceSettings.url}/${PROXY_ROUTE}`);
    this.backendUrl = instanceSettings.jsonData?.backendUrl;
    this.variables = new RunLensVariableSupport(this);
    this.annotations = deploymentAnnotations;
    const tracingUid = instanceSettings.jsonData?.tracingDatasourceUid;
    this.linkTargets = {
      datasource: { uid: instanceSettings.uid, name: instanceSettings.name },
      ...(tracingUid ? { tracing: { uid: tracingUid } } : {}),
    };
  }

  // Explore's log details (logs/filters.ts): filter for / out a label of a line.
  toggleQueryFilter(query: RunLensQuery, filter: ToggleFilterAction): RunLensQuery {
    return toggleQueryFilter(query, filter);
  }

  queryHasFilter(query: RunLensQuery, filter: QueryFilterOptions): boolean {
    return queryHasFilter(query, filter);
  }

  modifyQuery(query: RunLensQuery, action: QueryFixAction): RunLensQuery {
    return modifyQuery(query, action);
  }

  getSupportedQueryModifications(): string[] {
    return SUPPORTED_MODIFICATIONS;
  }

  // Log context (logs/logContext.ts): the lines of the same run around a line.
  async getLogRowContext(row: LogRowModel, options?: LogRowContextOptions, query?: RunLensQuery): Promise<DataQueryResponse> {
    const req = contextRequest(row, options, query);
    if (!req) {
      return { data: [] };
    }
    return { data: await this.run(req.query, {}, undefined, undefined, req.range) };
  }

  async getLogRowContextQuery(row: LogRowModel, options?: LogRowContextOptions, query?: RunLensQuery): Promise<RunLensQuery | null> {
    return contextRequest(row, options, query)?.query ?? null;
  }

  getDefaultQuery(_app: CoreApp): Partial<RunLensQuery> {
    return DEFAULT_QUERY;
  }

  /** One line per query in query history and collapsed editors. */
  getQueryDisplayText(query: RunLensQuery): string {
    return queryDisplayText(query);
  }

  filterQuery(query: RunLensQuery): boolean {
    return !query.hide;
  }

  /** The query with $variables and ad hoc filters applied, in the query model's shape. */
  applyTemplateVariables(query: RunLensQuery, scopedVars: ScopedVars, filters?: AdHocVariableFilter[]): RunLensQuery {
    const r = resolveQuery(this.templateSrv, query, scopedVars, filters) as Record<string, unknown>;
    // The selection always; the type's own fields (interval, run, sort) where the query has them.
    const own = Object.fromEntries(
      Object.keys(query)
        .filter((k) => r[k] !== undefined)
        .map((k) => [k, r[k]])
    );
    return { ...query, ...own, scripts: r.scripts, filters: r.filters, match: r.match, q: r.q } as RunLensQuery;
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
          try {
            return { frames: await this.run(target, request.scopedVars, request.filters, timeZone, range) };
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

  /** One stored query → its frames, by its query type's registry entry. */
  private run(
    target: StoredQuery | RunLensQuery,
    scopedVars: ScopedVars,
    adhoc: AdHocVariableFilter[] | undefined,
    timeZone: string | undefined,
    range: TimeRangeMs
  ): Promise<DataFrame[]> {
    const query = { ...resolveQuery(this.templateSrv, target, scopedVars, adhoc), timeZone };
    const meta = (extra?: string): QueryResultMeta => {
      const notices = [...query.notices, ...(extra ? [extra] : [])];
      return notices.length ? { notices: notices.map((text) => ({ severity: 'warning' as const, text })) } : {};
    };
    const frames = runQueryType(queryTypeOf(query.queryType) as never, { api: this.api, query, range, meta });
    return frames.then((f) => withLogLinks(f, this.linkTargets));
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
