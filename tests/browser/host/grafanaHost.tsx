/**
 * The part of Grafana a plugin module meets in the browser, and nothing more: SystemJS with its AMD
 * extra loads the plugin's built module.js, and the modules Grafana shares with plugins (the
 * externals of create-plugin's webpack config) are registered under their bare names, from the
 * npm versions this repo installs. Runtime services are set as Grafana sets them: backendSrv
 * (fetch through the data proxy, which adds the token on the server), templateSrv (dashboard
 * variables from the URL's var-*), dataSourceSrv and the location service.
 *
 * Bundled by esbuild into one script (tests/browser/host/server.ts); the specs drive it through
 * `window.runlensHost`.
 */
import { css } from '@emotion/css';
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import {
  AppPlugin,
  DataSourcePlugin,
  dateTime,
  LoadingState,
  PanelPlugin,
  type DataFrame,
  type DataQueryRequest,
  type DataSourceApi,
  type DataSourceInstanceSettings,
  type ScopedVars,
} from '@grafana/data';

/** Any data source plugin, as Grafana holds it before knowing its types. */
type AnyDataSourcePlugin = DataSourcePlugin<DataSourceApi>;
import * as grafanaRuntime from '@grafana/runtime';
import { locationService, setBackendSrv, setDataSourceSrv, setTemplateSrv, type BackendSrvRequest } from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

declare global {
  interface Window {
    System: {
      import(id: string): Promise<Record<string, unknown>>;
      set(id: string, ns: Record<string, unknown>): void;
      addImportMap(map: { imports: Record<string, string> }): void;
    };
    runlensHost: typeof host;
    runlensBoot: { datasource: { uid: string; name: string; jsonData: Record<string, unknown>; modulePath: string } };
  }
}

// The shared modules, under the names plugin bundles import them by (create-plugin externals).
const SHARED: Record<string, unknown> = {
  react: React,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  'react/jsx-runtime': jsxRuntime,
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  rxjs,
  'rxjs/operators': rxjsOperators,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
};
window.System.addImportMap({ imports: Object.fromEntries(Object.keys(SHARED).map((name) => [name, `package:${name}`])) });
for (const [name, ns] of Object.entries(SHARED)) {
  // AMD consumers get the module object itself (SystemJS's __useDefault interop).
  window.System.set(`package:${name}`, { __useDefault: true, default: ns });
}

/** Grafana's backendSrv.fetch in short: same-origin requests, FetchError-shaped failures. */
function fetchObservable<T>(req: BackendSrvRequest) {
  return rxjs.from(
    (async () => {
      const params = req.params ? `?${new URLSearchParams(req.params as Record<string, string>)}` : '';
      const res = await fetch(req.url + params, {
        method: req.method ?? 'GET',
        headers: { accept: 'application/json', ...(req.data ? { 'content-type': 'application/json' } : {}), ...(req.headers ?? {}) },
        body: req.data ? JSON.stringify(req.data) : undefined,
      });
      const text = await res.text();
      let data: unknown = text;
      try {
        data = JSON.parse(text);
      } catch {
        // plain text
      }
      if (!res.ok) {
        throw { status: res.status, statusText: res.statusText, data, config: req };
      }
      return { status: res.status, statusText: res.statusText, ok: true, data: data as T, headers: res.headers, redirected: res.redirected, type: res.type, url: res.url, config: req };
    })()
  );
}
const backendSrv = {
  fetch: fetchObservable,
  get: (url: string, params?: Record<string, string>) => rxjs.lastValueFrom(fetchObservable({ url, params })).then((r) => r.data),
  datasourceRequest: (req: BackendSrvRequest) => rxjs.lastValueFrom(fetchObservable(req)),
};
setBackendSrv(backendSrv as unknown as grafanaRuntime.BackendSrv);

/** Dashboard variables as Grafana keeps them in the URL (var-name=value). */
function urlVariables(): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of new URLSearchParams(window.location.search)) {
    if (k.startsWith('var-')) {
      (out[k.slice(4)] ??= []).push(v);
    }
  }
  return out;
}
const templateSrv = {
  getVariables: () => Object.entries(urlVariables()).map(([name, value]) => ({ name, type: 'textbox', current: { value: value.length === 1 ? value[0] : value } })),
  replace: (target?: string, scopedVars?: ScopedVars, format?: string | Function) =>
    (target ?? '').replace(/\$(\w+)|\$\{(\w+)\}/g, (whole, a?: string, b?: string) => {
      const name = (a ?? b)!;
      const scoped = scopedVars?.[name]?.value as string | string[] | undefined;
      const value = scoped ?? urlVariables()[name];
      if (value === undefined) {
        return whole;
      }
      const list = Array.isArray(value) ? value : [value];
      if (typeof format === 'function') {
        return format(list.length === 1 ? list[0] : list);
      }
      return list.length === 1 ? list[0]! : `{${list.join(',')}}`;
    }),
  containsTemplate: (t?: string) => /\$/.test(t ?? ''),
  updateTimeRange: () => {},
};
setTemplateSrv(templateSrv as unknown as grafanaRuntime.TemplateSrv);

const boot = window.runlensBoot;
let settings: DataSourceInstanceSettings | undefined;
let datasource: DataSourceApi | undefined;
setDataSourceSrv({
  // One data source, RunLens's (no tracing one: the trace picker lists none).
  getList: (filter?: { type?: string; tracing?: boolean }) =>
    settings && !filter?.tracing && (!filter?.type || filter.type === settings.type) ? [settings] : [],
  getInstanceSettings: (ref?: unknown) => settings,
  get: async () => datasource!,
  reload: () => {},
  registerRuntimeDataSource: () => {},
} as unknown as grafanaRuntime.DataSourceSrv);

const range = () => ({ from: dateTime(Date.now() - 24 * 3_600_000), to: dateTime(Date.now() + 60_000), raw: { from: 'now-24h', to: 'now' } });

/** What the specs read back from a query: frames by name, fields, row counts, a few values. */
function summarize(frames: DataFrame[]) {
  return frames.map((f) => ({
    name: f.name,
    refId: f.refId,
    length: f.length,
    metaType: f.meta?.type,
    preferredVisualisationType: f.meta?.preferredVisualisationType,
    searchWords: f.meta?.searchWords,
    fields: f.fields.map((x) => ({ name: x.name, type: x.type, first: x.values[0] ?? null, links: (x.config.links ?? []).length })),
  }));
}

function mount(id: string, element: React.ReactElement) {
  const container = document.getElementById(id) ?? document.body.appendChild(Object.assign(document.createElement('div'), { id }));
  const root = ReactDOMClient.createRoot(container);
  // Grafana's theme and its global styles (box sizing, fonts, form resets), as around every plugin.
  root.render(
    <grafanaUi.ThemeContext.Provider value={grafanaData.createTheme({ colors: { mode: 'dark' } })}>
      <grafanaUi.GlobalStyles />
      {element}
    </grafanaUi.ThemeContext.Provider>
  );
  return root;
}

const pageStyle = css({ padding: 16, width: 860 });

const host = {
  modules: {} as Record<string, Record<string, unknown>>,

  /** Loads a plugin module.js as Grafana does, and says what its `plugin` export is. */
  async load(path: string) {
    const ns = await window.System.import(path);
    host.modules[path] = ns;
    const plugin = ns.plugin as object | undefined;
    return {
      exports: Object.keys(ns).filter((k) => k !== '__useDefault'),
      kind: plugin instanceof AppPlugin ? 'app' : plugin instanceof DataSourcePlugin ? 'datasource' : plugin instanceof PanelPlugin ? 'panel' : typeof plugin,
      hasRoot: Boolean((plugin as AppPlugin | undefined)?.root),
      hasDataSourceClass: Boolean((plugin as AnyDataSourcePlugin | undefined)?.DataSourceClass),
      components: Object.keys((plugin as AnyDataSourcePlugin | undefined)?.components ?? {}),
      hasPanel: Boolean((plugin as PanelPlugin | undefined)?.panel),
    };
  },

  /** Creates the data source instance Grafana would, from the instance settings (no secrets in them). */
  createDataSource() {
    const ns = host.modules[boot.datasource.modulePath]!;
    const plugin = ns.plugin as AnyDataSourcePlugin;
    settings = {
      id: 1,
      uid: boot.datasource.uid,
      type: 'runlens-scripts-datasource',
      name: boot.datasource.name,
      url: `/api/datasources/proxy/uid/${boot.datasource.uid}`,
      access: 'proxy',
      jsonData: boot.datasource.jsonData,
      meta: { id: 'runlens-scripts-datasource', name: 'RunLens Scripts', type: 'datasource' },
      readOnly: false,
    } as unknown as DataSourceInstanceSettings;
    datasource = new plugin.DataSourceClass(settings) as DataSourceApi;
    return { uid: datasource.uid, name: datasource.name };
  },

  lastOptions: undefined as unknown,
  renderConfigEditor() {
    const plugin = host.modules[boot.datasource.modulePath]!.plugin as AnyDataSourcePlugin;
    const ConfigEditor = plugin.components.ConfigEditor!;
    function Page() {
      // What Grafana keeps for a saved data source: the token is only flagged as configured.
      const [options, setOptions] = React.useState({ ...settings!, jsonData: { ...boot.datasource.jsonData }, secureJsonFields: { readToken: true }, secureJsonData: {} } as never);
      return (
        <div className={pageStyle} data-testid="config-editor">
          <ConfigEditor
            options={options}
            onOptionsChange={(o: unknown) => {
              host.lastOptions = o;
              setOptions(o as never);
            }}
          />
        </div>
      );
    }
    mount('config', <Page />);
  },

  lastQuery: undefined as unknown,
  queriesRun: 0,
  renderQueryEditor(initial: Record<string, unknown>) {
    const plugin = host.modules[boot.datasource.modulePath]!.plugin as AnyDataSourcePlugin;
    const QueryEditor = plugin.components.QueryEditor!;
    function Page() {
      const [query, setQuery] = React.useState(initial);
      return (
        <div className={pageStyle} data-testid="query-editor">
          <QueryEditor
            datasource={datasource!}
            query={query as never}
            onChange={(q: object) => {
              host.lastQuery = q;
              setQuery(q as Record<string, unknown>);
            }}
            onRunQuery={() => host.queriesRun++}
          />
        </div>
      );
    }
    mount('query', <Page />);
  },

  /** One query through the data source, as a panel or Explore runs it. */
  async query(target: Record<string, unknown>, app = 'dashboard') {
    const request = {
      requestId: 'spec',
      app,
      targets: [{ refId: 'A', ...target }],
      range: range(),
      interval: '1m',
      intervalMs: 60_000,
      maxDataPoints: 500,
      scopedVars: {},
      timezone: 'utc',
      startTime: Date.now(),
    } as unknown as DataQueryRequest;
    const res = await rxjs.lastValueFrom(rxjs.from(datasource!.query(request) as never) as rxjs.Observable<{ data: DataFrame[]; errors?: Array<{ message?: string }> }>);
    return { errors: (res.errors ?? []).map((e) => e.message), frames: summarize(res.data) };
  },

  /** The record panel on a "dashboard": its Record query follows var-run_id as Grafana re-runs it. */
  renderRecordPanel(panelModulePath: string, target: Record<string, unknown>) {
    const plugin = host.modules[panelModulePath]!.plugin as PanelPlugin;
    const Panel = plugin.panel!;
    function Dashboard() {
      const [search, setSearch] = React.useState(window.location.search);
      const [series, setSeries] = React.useState<DataFrame[]>([]);
      const [state, setState] = React.useState(LoadingState.Loading);
      React.useEffect(() => {
        // Grafana re-runs a panel's queries when a variable it uses changes in the URL.
        return locationService.getHistory().listen((l: { search: string }) => setSearch(l.search));
      }, []);
      React.useEffect(() => {
        setState(LoadingState.Loading);
        const request = { requestId: 'panel', app: 'dashboard', targets: [{ refId: 'A', ...target }], range: range(), scopedVars: {}, timezone: 'utc', interval: '1m', intervalMs: 60_000 } as unknown as DataQueryRequest;
        const sub = (rxjs.from(datasource!.query(request) as never) as rxjs.Observable<{ data: DataFrame[] }>).subscribe((res) => {
          setSeries(res.data);
          setState(LoadingState.Done);
        });
        return () => sub.unsubscribe();
      }, [search]);
      const timeRange = range();
      return (
        <div data-testid="record-panel" style={{ width: 900, padding: 8 }}>
          <Panel
            id={10}
            data={{ series, state, timeRange }}
            timeRange={timeRange}
            timeZone="utc"
            options={{ runIdVariable: 'run_id', logsMaxHeight: 180 }}
            transparent={false}
            width={880}
            height={560}
            fieldConfig={{ defaults: {}, overrides: [] }}
            renderCounter={0}
            title="Record view"
            eventBus={{ subscribe: () => ({ unsubscribe() {} }), getStream: () => rxjs.NEVER, publish() {}, removeAllListeners() {}, newScopedBus() {} } as never}
            onOptionsChange={() => {}}
            onFieldConfigChange={() => {}}
            replaceVariables={(s: string) => templateSrv.replace(s)}
            onChangeTimeRange={() => {}}
          />
        </div>
      );
    }
    mount('panel', <Dashboard />);
  },

  /** Explore's log details: filter for / out on a label, as Explore calls the data source. */
  toggleFilter(query: Record<string, unknown>, type: 'FILTER_FOR' | 'FILTER_OUT', key: string, value: string) {
    const ds = datasource as unknown as { toggleQueryFilter(q: unknown, a: unknown): unknown; queryHasFilter(q: unknown, f: unknown): boolean };
    const next = ds.toggleQueryFilter(query, { type, options: { key, value } });
    return { query: next, has: ds.queryHasFilter(next, { key, value }) };
  },

  /** Explore's "show context" on the newest line of a logs query: the lines before it in its run. */
  async logContext(target: Record<string, unknown>) {
    const request = { requestId: 'ctx', app: 'explore', targets: [{ refId: 'A', ...target }], range: range(), scopedVars: {}, timezone: 'utc' } as unknown as DataQueryRequest;
    const res = await rxjs.lastValueFrom(rxjs.from(datasource!.query(request) as never) as rxjs.Observable<{ data: DataFrame[] }>);
    const frame = res.data[0]!;
    const row = { dataFrame: frame, rowIndex: 0, timeEpochMs: frame.fields.find((f) => f.name === 'timestamp')!.values[0] };
    const ds = datasource as unknown as { getLogRowContext(row: unknown, o: unknown): Promise<{ data: DataFrame[] }> };
    const ctx = await ds.getLogRowContext(row, { direction: 'BACKWARD', limit: 10 });
    const field = (f: DataFrame, name: string) => f.fields.find((x) => x.name === name)!.values;
    return { line: { run: field(frame, 'run_id')[0], message: field(frame, 'message')[0] }, context: ctx.data.flatMap((f) => field(f, 'run_id').map((r, i) => ({ run: r, message: field(f, 'message')[i] }))) };
  },

  /** Dashboard variables as the URL holds them now. */
  variables: () => urlVariables(),
};

window.runlensHost = host;
