/** provisioning/: the shapes Grafana expects, and the names the other parts rely on. */
import { indicesFor, runMappings } from '../../backend/src/es/indices';
import { RUN_STATUSES } from '@runlens/contract';
import { compose } from './compose';
import { allPanels, dashboards, envRefs, pluginJson, provisionedDatasources, provisioningFiles, read, ROOT, yamlFile, type Json } from './repo';

const datasources = provisionedDatasources();
const byUid = new Map(datasources.map((d) => [d.uid, d]));
const defaults = indicesFor('runlens');
const alerting = provisioningFiles('alerting').map((f) => ({ file: f, doc: yamlFile(f) }));

let grafanaEnv: Record<string, string>;
beforeAll(() => {
  const r = compose(['-f', 'docker-compose.yml', 'config', '--format', 'json'], ROOT);
  if (r.status !== 0) throw new Error(r.stderr);
  grafanaEnv = JSON.parse(r.stdout).services.grafana.environment;
}, 180_000);

test('every provisioning file parses and declares apiVersion 1', () => {
  const files = ['datasources', 'plugins', 'dashboards', 'alerting'].flatMap(provisioningFiles);
  expect(files.length).toBeGreaterThanOrEqual(4);
  for (const f of files) expect(yamlFile(f).apiVersion).toBe(1);
});

test('data sources: unique names and uids, the uids the dashboards and the plugin use', () => {
  expect(new Set(datasources.map((d) => d.uid)).size).toBe(datasources.length);
  expect(new Set(datasources.map((d) => d.name)).size).toBe(datasources.length);
  for (const d of datasources) {
    expect(d).toMatchObject({ name: expect.any(String), type: expect.any(String), uid: expect.stringMatching(/^[a-zA-Z0-9_-]{1,40}$/), access: 'proxy' });
  }
  expect(byUid.get('runlens')?.type).toBe(pluginJson('datasource', 'plugin.json').id);
  expect(byUid.get('runlens-es-runs')?.type).toBe('elasticsearch');
  expect(byUid.get('runlens-es-logs')?.type).toBe('elasticsearch');
  // None takes over the organisation's default data source.
  expect(datasources.filter((d) => (d as Json).isDefault !== false)).toEqual([]);
});

test('the RunLens data source provides what the plugin route reads: backend URL and the read token kept secret', () => {
  const ds = byUid.get('runlens')!;
  const routes: Json[] = pluginJson('datasource', 'plugin.json').routes;
  const text = JSON.stringify(routes);
  const jsonKeys = [...text.matchAll(/\.JsonData\.(\w+)/g)].map((m) => m[1]!);
  const secureKeys = [...text.matchAll(/\.SecureJsonData\.(\w+)/g)].map((m) => m[1]!);
  expect(secureKeys).toContain('readToken');
  for (const k of jsonKeys) expect(ds.jsonData?.[k]).toEqual(expect.any(String));
  for (const k of secureKeys) expect(ds.secureJsonData?.[k]).toEqual(expect.any(String));
  // The token never sits in jsonData (which reaches the browser).
  expect(JSON.stringify(ds.jsonData)).not.toMatch(/token/i);
});

test('the Elasticsearch data sources cover the backend indices with their time fields', () => {
  expect(byUid.get('runlens-es-runs')!.jsonData).toMatchObject({ index: defaults.runsPattern, timeField: 'executed_on' });
  expect(byUid.get('runlens-es-logs')!.jsonData).toMatchObject({ index: defaults.logsPattern, timeField: 'timestamp', logMessageField: 'message', logLevelField: 'level' });
});

test('deployment markers need no Elasticsearch data source: none over the deployments index, and the old one is deleted', () => {
  expect(datasources.filter((d) => d.jsonData?.index === defaults.deployments)).toEqual([]);
  expect(byUid.has('runlens-es-deployments')).toBe(false);
  const deleted = provisioningFiles('datasources').flatMap((f) => yamlFile(f).deleteDatasources ?? []);
  expect(deleted).toContainEqual({ name: 'RunLens deployments (Elasticsearch)', orgId: 1 });
});

test('the app is enabled', () => {
  const apps = provisioningFiles('plugins').flatMap((f) => yamlFile(f).apps ?? []);
  expect(apps).toContainEqual(expect.objectContaining({ type: pluginJson('plugin.json').id, disabled: false }));
});

test('the dashboards provider is a file provider in a RunLens folder', () => {
  const providers = provisioningFiles('dashboards').flatMap((f) => yamlFile(f).providers ?? []);
  expect(providers).toHaveLength(1);
  expect(providers[0]).toMatchObject({ type: 'file', folder: 'RunLens', options: { path: expect.any(String) } });
});

test('every environment variable the provisioning expands is set on the Grafana container', () => {
  const texts = ['datasources', 'plugins', 'dashboards'].flatMap(provisioningFiles).map((f) => read(f));
  // Alerting: contact points are expanded, rule annotations and queries are not.
  for (const { doc } of alerting) texts.push(JSON.stringify({ contactPoints: doc.contactPoints }));
  const refs = texts.flatMap(envRefs);
  expect(refs.length).toBeGreaterThan(0);
  for (const name of refs) expect(grafanaEnv[name]).toEqual(expect.any(String));
});

describe('alerting', () => {
  const doc = alerting.find((a) => a.doc.groups)!.doc;
  const rules: Json[] = doc.groups.flatMap((g: Json) => g.rules);
  const boards = new Map(dashboards().map((b) => [b.json.uid, b.json]));

  test('provisions no notification policy tree: that would replace the organisation\'s own and lock it', () => {
    for (const { doc: d } of alerting) {
      expect(d.policies).toBeUndefined();
      expect(d.resetPolicies).toBeUndefined();
    }
  });

  test('a failure-rate rule and a P99 response-time rule', () => {
    expect(rules.map((r) => r.uid).sort()).toEqual(['runlens-failure-rate', 'runlens-p99-latency']);
  });

  describe.each(rules.map((r) => [r.uid as string, r]))('%s', (_uid, rule) => {
    const refIds = rule.data.map((d: Json) => d.refId);

    test('is a Grafana-managed rule with a condition among its queries', () => {
      expect(doc.groups[0]).toMatchObject({ orgId: 1, name: expect.any(String), folder: expect.any(String), interval: expect.stringMatching(/^\d+[smh]$/) });
      expect(rule).toMatchObject({ uid: expect.any(String), title: expect.any(String), for: expect.stringMatching(/^\d+[smh]$/) });
      expect(refIds).toContain(rule.condition);
      expect(new Set(refIds).size).toBe(refIds.length);
      expect(['OK', 'NoData', 'Alerting', 'KeepLast']).toContain(rule.noDataState);
      expect(['OK', 'Error', 'Alerting', 'KeepLast']).toContain(rule.execErrState);
    });

    test('queries the built-in Elasticsearch data source over runs, per script', () => {
      for (const d of rule.data) {
        expect(d.model.refId).toBe(d.refId);
        if (d.datasourceUid === '__expr__') {
          expect(['reduce', 'math', 'threshold', 'classic_conditions', 'resample']).toContain(d.model.type);
          for (const ref of String(d.model.expression).match(/\$?\b[A-Z]\b/g) ?? []) expect(refIds).toContain(ref.replace('$', ''));
          continue;
        }
        expect(byUid.get(d.datasourceUid)?.type).toBe('elasticsearch');
        expect(byUid.get(d.datasourceUid)?.jsonData?.index).toBe(defaults.runsPattern);
        expect(d.model.datasource).toEqual({ type: 'elasticsearch', uid: d.datasourceUid });
        expect(d.relativeTimeRange.from).toBeGreaterThan(d.relativeTimeRange.to);
        expect(d.model.bucketAggs[0]).toMatchObject({ type: 'terms', field: 'script' });
        expect((runMappings.properties as Json)[d.model.timeField].type).toBe('date');
        for (const m of d.model.metrics) if (m.field) expect((runMappings.properties as Json)[m.field]).toBeDefined();
        for (const name of [...String(d.model.query).matchAll(/(?:_exists_:)?(\w+):/g)].map((m) => m[1]!).filter((n) => n !== '_exists_')) {
          expect((runMappings.properties as Json)[name]).toBeDefined();
        }
        for (const m of String(d.model.query).matchAll(/status:(\w+)/g)) expect(RUN_STATUSES).toContain(m[1]);
      }
    });

    test('labels carry no $ (Grafana would expand them as environment variables)', () => {
      for (const value of Object.values(rule.labels ?? {})) expect(String(value)).not.toContain('$');
    });

    test('routes itself to the RunLens contact point (notification settings), grouped per script', () => {
      expect(doc.contactPoints.map((c: Json) => c.name)).toContain(rule.notification_settings.receiver);
      // Grafana requires alertname and grafana_folder in a custom grouping.
      expect(rule.notification_settings.group_by).toEqual(expect.arrayContaining(['grafana_folder', 'alertname', 'script']));
    });

    test('is linked to the graph of its metric on a dashboard, and its notification opens that dashboard filtered to the script', () => {
      const board = boards.get(rule.dashboardUid);
      expect(board).toBeDefined();
      const panel = allPanels(board).find((p) => p.id === rule.panelId);
      expect(panel?.type).toBe('timeseries');
      const shows = (field: string) => JSON.stringify(panel).includes(field);
      expect(shows(rule.uid === 'runlens-failure-rate' ? 'failure_rate' : 'p99_ms')).toBe(true);
      const url = rule.annotations.dashboard_url;
      expect(url).toMatch(new RegExp(`^\\{\\{ externalURL \\}\\}/d/${rule.dashboardUid}/[\\w-]+\\?`));
      expect(url).toContain('var-script={{ urlquery $labels.script }}');
      expect(board.templating.list.map((v: Json) => v.name)).toContain('script');
      expect(rule.annotations.description).toContain(url);
    });
  });

  test('one contact point, an email one with its address from the environment', () => {
    expect(doc.contactPoints).toHaveLength(1);
    const cp = doc.contactPoints[0];
    expect(cp.receivers[0]).toMatchObject({ uid: expect.any(String), type: 'email', settings: { addresses: '${RUNLENS_ALERT_EMAIL}' } });
  });
});
