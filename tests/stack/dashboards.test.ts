/**
 * Dashboard wiring: what a user would see as "Data source not found", "Unknown query type",
 * a 400 from the backend, a panel stuck on "No data" or a variable left as literal `$text`.
 */
import { readdirSync } from 'node:fs';
import { LOG_FILTER_FIELDS, LOG_LEVEL, LOG_LEVELS, OPS_BY_KIND, RUN_FILTER_FIELDS } from '@runlens/contract';
import { logMappings, runMappings } from '../../backend/src/es/indices';
import { allPanels, dashboards, pluginJson, pluginQueryTypeFile, pluginQueryTypes, pluginTypes, provisionedDatasources, read, unionLiterals, variableRefs, type Json } from './repo';

const boards = dashboards();
const datasources = provisionedDatasources();
const QUERY_TYPES = pluginQueryTypes();
const VARIABLE_KINDS = unionLiterals(pluginTypes(), 'VariableKind');
const DEPLOYMENT_MARKERS = unionLiterals(pluginQueryTypeFile('deployments.ts'), 'DeploymentMarkers');
const RUNLENS_DS = pluginJson('datasource', 'plugin.json').id as string;
const PLUGIN_PANELS = readdirSync(`${__dirname}/../../src/panels`).map((d) => pluginJson('panels', d, 'plugin.json').id as string);
const CORE_PANELS = ['stat', 'timeseries', 'table', 'text', 'logs', 'barchart', 'bargauge', 'gauge', 'piechart', 'row', 'state-timeline', 'histogram'];
/** Variables Grafana itself defines. */
const BUILTIN_VARS = new Set(['__interval', '__interval_ms', '__range', '__range_s', '__range_ms', '__rate_interval', '__from', '__to', '__all', '__auto', '__dashboard', '__user', '__org', '__timeFilter', '__url_time_range', '__value', '__field', '__series', '__data', '__name', 'timeFilter']);
const fieldsFor = (queryType: string) => (queryType === 'logs' || queryType === 'logVolume' ? LOG_FILTER_FIELDS : RUN_FILTER_FIELDS);
/**
 * Fields of a frame the plugin builds: name and display name, read from its frame file. The log
 * volume frame has a field per level of the contract, named by the level's label.
 */
function frameFields(file: string): Array<{ name: string; displayName: string }> {
  const perLevel = /\.\.\.LOG_LEVELS\.map\(/.test(read('src', 'datasource', 'data', 'frames', file))
    ? LOG_LEVELS.map((l) => ({ name: l, displayName: LOG_LEVEL[l].label }))
    : [];
  const listed = read('src', 'datasource', 'data', 'frames', file)
    .split('\n')
    .flatMap((line) => {
      const name = /\{ name: '([a-z0-9_]+)', type:/.exec(line)?.[1];
      return name ? [{ name, displayName: /displayName: '([^']+)'/.exec(line)?.[1] ?? name }] : [];
    });
  return [...listed, ...perLevel];
}
/** Grafana's string-to-regex: "/pattern/flags" or a plain pattern. */
const toRegex = (s: string) => {
  const m = /^\/(.*)\/(\w*)$/.exec(s);
  return m ? new RegExp(m[1]!, m[2]) : new RegExp(s);
};
/** Which frame fields a panel shows, as Grafana selects them (filterFieldsByName, then reduceOptions.fields). */
function shownFields(panel: Json, fields: Array<{ name: string; displayName: string }>) {
  let shown = fields;
  for (const tr of panel.transformations ?? []) {
    if (tr.id === 'filterFieldsByName') {
      const names: string[] = tr.options.include.names;
      shown = shown.filter((f) => names.includes(f.name) || names.includes(f.displayName));
    }
  }
  const pattern = panel.options?.reduceOptions?.fields;
  // reduceOptions.fields is matched against display names only.
  return pattern ? shown.filter((f) => toRegex(pattern).test(f.displayName)) : shown;
}

const DASHBOARD_DS = { type: 'datasource', uid: '-- Dashboard --' };
/** The dashboards' data source variable, and how every RunLens reference reads it. */
const DS_VARIABLE = 'datasource';
const RUNLENS_REF = { type: RUNLENS_DS, uid: '${' + DS_VARIABLE + '}' };
/** The query a panel's data comes from: its own, or (Dashboard data source) the source panel's. */
function sourceTarget(dashboard: Json, panel: Json): Json | undefined {
  const t = panel.targets?.[0];
  if (t?.datasource?.uid !== DASHBOARD_DS.uid) {
    return t;
  }
  return allPanels(dashboard).find((p) => p.id === t.panelId)?.targets?.[0];
}

/** Which frame a RunLens query returns: its query type, or logsCount for a count-only logs query. */
const frameKind = (t: Json): string => (t.queryType === 'logs' && t.countOnly ? 'logsCount' : t.queryType);

const targetsOf = (board: Json) =>
  allPanels(board.json).flatMap((panel) => (panel.targets ?? []).map((target: Json) => ({ panel, target })));

test('there are the two dashboards of the seed, All Runs and Logs', () => {
  expect(boards.map((b) => b.json.title).sort()).toEqual(['All Runs', 'Logs']);
  expect(new Set(boards.map((b) => b.json.uid)).size).toBe(boards.length);
});

describe.each(boards.map((b) => [b.json.title as string, b]))('%s', (_title, board) => {
  const d = board.json;
  const vars: Json[] = d.templating?.list ?? [];
  const varNames = new Set(vars.map((v) => v.name));

  test('opens on the last 7 days and has the shape Grafana loads', () => {
    expect(d.time).toEqual({ from: 'now-7d', to: 'now' });
    expect(typeof d.uid).toBe('string');
    expect(d.uid.length).toBeLessThanOrEqual(40);
    expect(Number.isInteger(d.schemaVersion)).toBe(true);
    expect(Array.isArray(d.panels)).toBe(true);
    const ids = allPanels(d).map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of allPanels(d)) {
      expect(p.gridPos).toEqual({ x: expect.any(Number), y: expect.any(Number), w: expect.any(Number), h: expect.any(Number) });
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
    }
  });

  test('links to the other dashboard, keeping time range and variables', () => {
    const others = boards.filter((b) => b !== board).map((b) => b.json.uid);
    const targets = (d.links ?? []).map((l: Json) => ({ uid: /\/d\/([^/?]+)/.exec(l.url ?? '')?.[1], l }));
    expect(targets.map((t: Json) => t.uid).sort()).toEqual(others.sort());
    for (const { l } of targets) expect(l).toMatchObject({ keepTime: true, includeVars: true });
  });

  test('every panel is a core panel or one of the plugin panels', () => {
    for (const p of allPanels(d)) expect([...CORE_PANELS, ...PLUGIN_PANELS]).toContain(p.type);
    expect(allPanels(d).some((p) => p.type === 'runlens-record-panel')).toBe(true);
  });

  test('every panel, query, variable and annotation picks the RunLens data source through the data source variable', () => {
    // A hard-coded uid breaks every panel in a Grafana where the data source was added in the UI.
    const refs: Json[] = [];
    for (const p of allPanels(d)) {
      if (p.type === 'row' || p.type === 'text') {
        continue;
      }
      if (p.datasource?.uid === DASHBOARD_DS.uid) {
        // Reuses another panel's result: that panel exists and runs its own query.
        expect(p.datasource).toEqual(DASHBOARD_DS);
        const source = allPanels(d).find((x) => x.id === p.targets[0].panelId);
        expect(source).toBeDefined();
        expect(source.datasource.uid).not.toBe(DASHBOARD_DS.uid);
        continue;
      }
      refs.push(p.datasource, ...(p.targets ?? []).map((t: Json) => t.datasource ?? p.datasource));
    }
    refs.push(...vars.filter((x) => x.datasource).map((v) => v.datasource));
    refs.push(...d.annotations.list.filter((x: Json) => !x.builtIn).flatMap((a: Json) => [a.datasource, a.target?.datasource ?? a.datasource]));
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toEqual(RUNLENS_REF);
    // The variable lists the data sources of the RunLens plugin; the provisioned one is among them.
    const dsVar = vars.find((v) => v.name === DS_VARIABLE)!;
    expect(dsVar).toMatchObject({ type: 'datasource', query: RUNLENS_DS, multi: false, includeAll: false });
    expect(vars[0]).toBe(dsVar); // defined before the variables whose queries use it
    expect(datasources.filter((x) => x.type === RUNLENS_DS).length).toBeGreaterThan(0);
    expect(JSON.stringify(d)).not.toMatch(/"uid":\s*"runlens"/);
  });

  test('imports through the UI: __inputs declares the data source it asks for and __requires the plugins it uses', () => {
    expect(d.__inputs).toEqual([expect.objectContaining({ name: 'DS_RUNLENS', type: 'datasource', pluginId: RUNLENS_DS, label: expect.any(String) })]);
    // Every ${DS_...} placeholder the import form fills is declared, and the variable's default is one.
    const text = JSON.stringify(d);
    const placeholders = new Set([...text.matchAll(/\$\{(DS_[A-Z0-9_]+)\}/g)].map((m) => m[1]));
    expect([...placeholders]).toEqual(d.__inputs.map((i: Json) => i.name));
    expect(vars.find((v) => v.name === DS_VARIABLE)!.current.value).toBe('${DS_RUNLENS}');
    // Importing replaces the placeholders with the chosen data source: the variable then selects it.
    const imported = JSON.parse(text.split('${DS_RUNLENS}').join('ui-added-runlens'));
    expect(imported.templating.list[0].current.value).toBe('ui-added-runlens');
    expect(JSON.stringify(imported)).not.toContain('${DS_RUNLENS}');
    const required = new Set(d.__requires.map((r: Json) => `${r.type}:${r.id}`));
    expect(required).toContain('grafana:grafana');
    expect(required).toContain(`datasource:${RUNLENS_DS}`);
    for (const p of allPanels(d).filter((x) => x.type !== 'row')) expect(required).toContain(`panel:${p.type}`);
  });

  test('RunLens queries use a query type of the query model and filters the backend takes', () => {
    const runlens = targetsOf(board).filter(({ target }) => target.datasource?.type === RUNLENS_DS);
    expect(runlens.length).toBeGreaterThan(0);
    for (const { panel, target } of runlens) {
      expect(QUERY_TYPES).toContain(target.queryType);
      expect(target.refId).toEqual(expect.any(String));
      expect(['all', 'any']).toContain(target.match ?? 'all');
      const fields = fieldsFor(target.queryType);
      for (const f of target.filters ?? []) {
        const spec = fields[f.field];
        if (!spec) throw new Error(`panel "${panel.title}": ${target.queryType} queries cannot filter on "${f.field}"`);
        expect(OPS_BY_KIND[spec.kind]).toContain(f.op);
        expect(Array.isArray(f.values) && f.values.length > 0).toBe(true);
      }
      if (target.queryType === 'record') expect(target.runId).toBe('$run_id');
    }
  });

  test('stat and time-series panels select fields the plugin frames have, as Grafana matches them', () => {
    const frames: Record<string, Array<{ name: string; displayName: string }>> = {
      stats: frameFields('statsFrame.ts'),
      timeseries: frameFields('timeseriesFrame.ts'),
      byVersion: frameFields('byVersionFrame.ts'),
      logsCount: frameFields('logsTotalFrame.ts'),
      logVolume: frameFields('logVolumeFrame.ts'),
    };
    for (const p of allPanels(d).filter((x) => sourceTarget(d, x)?.datasource?.type === RUNLENS_DS)) {
      const fields = frames[frameKind(sourceTarget(d, p))];
      if (!fields) {
        continue;
      }
      expect(fields.length).toBeGreaterThan(0);
      const shown = shownFields(p, fields).filter((f) => f.name !== 'time');
      if (p.type === 'stat') {
        // One value per stat; a percentile shows the runs it is computed over beside it.
        expect(shown.filter((f) => f.name !== 'timed_runs')).toHaveLength(1);
      } else {
        expect(shown.length).toBeGreaterThan(0);
      }
      for (const tr of p.transformations ?? []) {
        for (const name of tr.options?.include?.names ?? []) {
          expect(fields.map((f) => f.name)).toContain(name);
        }
      }
      for (const o of p.fieldConfig?.overrides ?? []) {
        if (o.matcher.id === 'byName') {
          expect(fields.flatMap((f) => [f.name, f.displayName])).toContain(o.matcher.options);
        }
      }
    }
  });

  test('table overrides name columns the runs and logs frames have', () => {
    const names = (file: string) => [...read('src', 'datasource', 'data', 'frames', file).matchAll(/name: '([a-z0-9_]+)'/g)].map((m) => m[1]);
    const byType: Record<string, Array<string | undefined>> = { runs: names('runsFrame.ts'), logs: names('logsFrame.ts') };
    for (const p of allPanels(d).filter((x) => x.type === 'table' && x.targets?.[0] && byType[frameKind(x.targets[0])])) {
      for (const o of p.fieldConfig.overrides.filter((x: Json) => x.matcher.id === 'byName')) {
        expect(byType[p.targets[0].queryType]).toContain(o.matcher.options);
      }
    }
  });

  test('Elasticsearch queries use fields of the backend mappings', () => {
    const mappingOf: Record<string, Json> = {
      'runlens-es-runs': runMappings.properties,
      'runlens-es-logs': logMappings.properties,
    };
    for (const { panel, target } of targetsOf(board).filter(({ target }) => target.datasource?.type === 'elasticsearch')) {
      const props = mappingOf[target.datasource.uid];
      expect(props).toBeDefined();
      expect(props[target.timeField]?.type).toBe('date');
      for (const agg of target.bucketAggs ?? []) expect(Object.keys(props)).toContain(agg.field);
      for (const name of [...String(target.query).matchAll(/(\w+):/g)].map((m) => m[1])) {
        if (!Object.keys(props).includes(name!)) throw new Error(`panel "${panel.title}" queries unknown field ${name}`);
      }
    }
  });

  test('has deployment markers: RunLens annotations of the selected scripts, deploys and undeploys', () => {
    const custom = d.annotations.list.filter((a: Json) => !a.builtIn);
    // Every marker comes from the RunLens data source (GET /api/v1/deployments), none from Elasticsearch.
    for (const a of custom) expect(a.datasource).toEqual(RUNLENS_REF);
    const deployments = custom.filter((a: Json) => a.enable && a.target?.queryType === 'deployments');
    expect(QUERY_TYPES).toContain('deployments');
    for (const a of deployments) {
      expect(a.target.scripts).toEqual(['$script']);
      expect(DEPLOYMENT_MARKERS).toContain(a.target.markers ?? 'both');
      expect(a.target.refId).toEqual(expect.any(String));
      expect(a.iconColor).toEqual(expect.any(String));
      // The annotation editor keeps a deployments target only: no filters for it to drop.
      expect(a.target.filters ?? []).toEqual([]);
    }
    const marked = new Set(deployments.flatMap((a: Json) => (a.target.markers ?? 'both') === 'both' ? ['deployed', 'undeployed'] : [a.target.markers]));
    expect([...marked].sort()).toEqual(['deployed', 'undeployed']);
    expect(new Set(custom.map((a: Json) => a.name)).size).toBe(custom.length);
  });

  test('every variable it refers to is defined (and defined before the variables that use it)', () => {
    const refsIn = (x: unknown) => variableRefs(JSON.stringify(x ?? ''));
    const used = new Set<string>([
      ...allPanels(d).flatMap((p) => [...refsIn(p.targets), ...refsIn(p.title), ...refsIn(p.fieldConfig)]),
      ...refsIn(d.annotations.list),
      ...refsIn(d.links),
    ]);
    const missing = [...used].filter((v) => !varNames.has(v) && !BUILTIN_VARS.has(v));
    expect(missing).toEqual([]);
    vars.forEach((v, i) => {
      const before = new Set(vars.slice(0, i).map((x) => x.name));
      for (const ref of refsIn(v.query)) expect(before.has(ref) || BUILTIN_VARS.has(ref)).toBe(true);
    });
  });

  test('variables are RunLens variable queries, ad hoc filters, or plain', () => {
    for (const v of vars) {
      expect(['datasource', 'query', 'adhoc', 'textbox', 'custom', 'constant', 'interval']).toContain(v.type);
      if (v.type === 'query') {
        expect(v.datasource).toEqual(RUNLENS_REF);
        expect(VARIABLE_KINDS).toContain(v.query.kind);
      }
      if (v.type === 'adhoc') expect(v.datasource).toEqual(RUNLENS_REF);
    }
    expect(vars.some((v) => v.type === 'adhoc')).toBe(true);
    expect(vars.find((v) => v.name === 'script')?.query).toEqual({ kind: 'scripts' });
  });

  test('clicking a Run ID opens the record view: the variable the plugin sets exists and the record panel reads it', () => {
    const linkVar = /RUN_ID_VARIABLE = '([^']+)'/.exec(read('src', 'datasource', 'data', 'frames', 'links.ts'))?.[1];
    expect(linkVar).toBeDefined();
    expect(varNames.has(linkVar!)).toBe(true);
    const record = allPanels(d).filter((p) => p.type === 'runlens-record-panel');
    expect(record).toHaveLength(1);
    expect(record[0].targets[0]).toMatchObject({ queryType: 'record', runId: `$${linkVar}` });
  });
});

test('All Runs has Total Runs, P90, P99 and Failure Rate with thresholds, time series, per-version and runs table', () => {
  const d = boards.find((b) => b.json.uid === 'runlens-all-runs')!.json;
  const stats = allPanels(d).filter((p) => p.type === 'stat');
  expect(stats.map((p) => p.title)).toEqual(['Total Runs', 'Response Time (P90)', 'Response Time (P99)', 'Failure Rate']);
  const statFields = frameFields('statsFrame.ts');
  expect(stats.map((p) => shownFields(p, statFields).map((f) => f.name))).toEqual([['total_runs'], ['p90_ms', 'timed_runs'], ['p99_ms', 'timed_runs'], ['failure_rate']]);
  // "P99 of 37 runs": the count is coloured below 10 / (1 − p) runs, where a percentile means little.
  for (const [t, need] of [['Response Time (P90)', 100], ['Response Time (P99)', 1000]] as const) {
    const count = stats.find((p) => p.title === t)!.fieldConfig.overrides.find((o: Json) => o.matcher.options === 'timed_runs');
    const steps = count.properties.find((x: Json) => x.id === 'thresholds').value.steps;
    expect(steps.map((s: Json) => s.value)).toEqual([null, need]);
  }
  const failure = stats.find((p) => p.title === 'Failure Rate')!;
  expect(failure.fieldConfig.defaults.unit).toBe('percent');
  expect(failure.fieldConfig.defaults.thresholds.steps.map((s: Json) => s.color)).toEqual(['green', 'orange', 'red']);
  for (const t of ['Response Time (P90)', 'Response Time (P99)']) expect(stats.find((p) => p.title === t)!.fieldConfig.defaults.unit).toBe('ms');
  for (const p of stats) {
    expect(sourceTarget(d, p)?.queryType).toBe('stats');
  }
  const types = targetsOf({ file: '', json: d }).map(({ target }) => target.queryType);
  expect(types).toEqual(expect.arrayContaining(['stats', 'timeseries', 'byVersion', 'runs', 'record']));
});

test('Logs has Total Logs and the logs table', () => {
  const d = boards.find((b) => b.json.uid === 'runlens-logs')!.json;
  expect(allPanels(d).find((p) => p.title === 'Total Logs')?.type).toBe('stat');
  expect(allPanels(d).some((p) => p.type === 'table' && p.targets[0].queryType === 'logs')).toBe(true);
});

test('Total Logs counts what the logs table lists: same data source (ad hoc filters apply), scripts, filters and search', () => {
  const d = boards.find((b) => b.json.uid === 'runlens-logs')!.json;
  const total = allPanels(d).find((p) => p.title === 'Total Logs')!;
  const table = allPanels(d).find((p) => p.type === 'table' && p.targets[0].queryType === 'logs')!;
  // The ad hoc Filters variable applies to queries of its own data source only.
  const adhoc = d.templating.list.find((v: Json) => v.type === 'adhoc');
  expect(total.datasource).toEqual(adhoc.datasource);
  expect(total.targets).toHaveLength(1);
  const [t] = total.targets;
  expect(t).toMatchObject({ queryType: 'logs', countOnly: true, datasource: adhoc.datasource });
  const selection = (x: Json) => ({ scripts: x.scripts, filters: x.filters, match: x.match ?? 'all', q: x.q });
  expect(selection(t)).toEqual(selection(table.targets[0]));
  expect(shownFields(total, frameFields('logsTotalFrame.ts')).map((f) => f.name)).toEqual(['total_logs']);
  // Every other count of log lines on the dashboards either honours the Filters bar too or says it does not.
  for (const b of boards) {
    for (const p of allPanels(b.json).filter((x) => x.datasource?.type === 'elasticsearch')) {
      expect(p.description).toMatch(/Filters bar and Search do not/);
    }
  }
});

test('Log lines by level charts the volume of what the logs table lists: RunLens log volume, one series per level', () => {
  const d = boards.find((b) => b.json.uid === 'runlens-logs')!.json;
  const chart = allPanels(d).find((p) => p.title === 'Log lines by level')!;
  const table = allPanels(d).find((p) => p.type === 'table' && p.targets[0].queryType === 'logs')!;
  const adhoc = d.templating.list.find((v: Json) => v.type === 'adhoc');
  expect(chart.type).toBe('timeseries');
  // Same data source as the Filters bar, so its filters apply; same selection as the table.
  expect(chart.datasource).toEqual(adhoc.datasource);
  expect(chart.targets).toHaveLength(1);
  const [t] = chart.targets;
  expect(t).toMatchObject({ queryType: 'logVolume', datasource: adhoc.datasource });
  expect(QUERY_TYPES).toContain('logVolume');
  const selection = (x: Json) => ({ scripts: x.scripts, filters: x.filters, match: x.match ?? 'all', q: x.q });
  expect(selection(t)).toEqual(selection(table.targets[0]));
  expect(chart.description).toMatch(/Filters bar and Search/);
  expect(chart.description).not.toMatch(/do not/);
  // A series per level, shown by the level's name.
  expect(shownFields(chart, frameFields('logVolumeFrame.ts')).filter((f) => f.name !== 'time').map((f) => f.displayName)).toEqual(['Stdout', 'Stderr', 'Info', 'Debug', 'Warning', 'Error']);
  expect(chart.fieldConfig.defaults.custom.stacking.mode).toBe('normal');
});

test('the logs table shows the level as recorded (stdout, stderr, …) and hides the severity column Explore reads', () => {
  const d = boards.find((b) => b.json.uid === 'runlens-logs')!.json;
  const table = allPanels(d).find((p) => p.type === 'table' && p.targets[0].queryType === 'logs')!;
  const props = (name: string) => table.fieldConfig.overrides.find((o: Json) => o.matcher.id === 'byName' && o.matcher.options === name)?.properties ?? [];
  expect(props('level')).toContainEqual({ id: 'custom.hidden', value: true });
  expect(props('log_level').map((x: Json) => x.id)).toContain('custom.cellOptions');
  const logsFrame = read('src', 'datasource', 'data', 'frames', 'logsFrame.ts');
  expect(logsFrame).toMatch(/name: 'log_level',\s+type: FieldType\.string,\s+values: rows\.map\(\(r\) => r\.level\),\s+config: \{ displayName: 'Log Level'/);
  expect(logsFrame).toMatch(/name: 'level',\s+type: FieldType\.string,\s+values: rows\.map\(\(r\) => severity\(r\.level\)\)/);
});

test('the data source plugin declares annotation support (deployment markers)', () => {
  expect(pluginJson('datasource', 'plugin.json').annotations).toBe(true);
});

test('the app bundles both dashboards through its includes', () => {
  const includes: Json[] = pluginJson('plugin.json').includes ?? [];
  const bundled = includes.filter((i) => i.type === 'dashboard').map((i) => String(i.path).replace(/^.*\//, ''));
  expect(bundled.sort()).toEqual(boards.map((b) => b.file).sort());
});

test("the app's links to the dashboards (uid and script variable) resolve", () => {
  const constants = read('src', 'constants.ts');
  const uids = [...constants.matchAll(/uid: '([^']+)'/g)].map((m) => m[1]);
  expect(uids.length).toBeGreaterThan(0);
  for (const uid of uids) {
    const board = boards.find((b) => b.json.uid === uid);
    expect(board).toBeDefined();
    expect(board!.json.templating.list.map((v: Json) => v.name)).toContain('script');
  }
});
