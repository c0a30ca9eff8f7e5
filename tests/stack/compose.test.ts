/** docker-compose.yml through Docker Compose's own parser, and the wiring it carries. */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compose } from './compose';
import { path, pluginJson, read, ROOT, yamlFile, type Json } from './repo';

let project: Json;

beforeAll(() => {
  const r = compose(['-f', 'docker-compose.yml', 'config', '--format', 'json'], ROOT);
  if (r.status !== 0) throw new Error(`docker compose config failed:\n${r.stderr}`);
  project = JSON.parse(r.stdout);
}, 180_000);

const dotenv = Object.fromEntries(
  read('.env')
    .split('\n')
    .filter((l) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])
);

test('the compose file is valid for Docker Compose, with the .env file', () => {
  const r = compose(['-f', 'docker-compose.yml', 'config', '--quiet'], ROOT);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('the parser rejects a broken compose file (the check is real)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-compose-'));
  copyFileSync(path('.env'), join(dir, '.env'));
  const broken = read('docker-compose.yml').replace('condition: service_healthy', 'condition: service_happy');
  writeFileSync(join(dir, 'docker-compose.yml'), broken);
  const r = compose(['-f', 'docker-compose.yml', 'config', '--quiet'], dir);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toMatch(/service_happy|condition/);
});

test('a missing token in .env stops compose instead of starting an open backend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runlens-compose-'));
  writeFileSync(join(dir, '.env'), read('.env').replace(/^RUNLENS_READ_TOKEN=.*$/m, ''));
  copyFileSync(path('docker-compose.yml'), join(dir, 'docker-compose.yml'));
  const r = compose(['-f', 'docker-compose.yml', 'config', '--quiet'], dir);
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain('RUNLENS_READ_TOKEN');
});

test('runs Grafana 12+ and Elasticsearch 8.19.7 from the official images, backend and demo built from the repo', () => {
  const s = project.services;
  expect(Object.keys(s).sort()).toEqual(['backend', 'demo', 'elasticsearch', 'grafana']);
  expect(s.elasticsearch.image).toBe('docker.elastic.co/elasticsearch/elasticsearch:8.19.7');
  expect(s.grafana.image).toMatch(/^grafana\/grafana:(1[2-9]|[2-9]\d)\.\d+\.\d+$/);
  const dockerfile = read('Dockerfile');
  for (const name of ['backend', 'demo']) {
    expect(s[name].build.context).toBe(ROOT);
    expect(dockerfile).toMatch(new RegExp(`^FROM \\S+ AS ${s[name].build.target}$`, 'm'));
  }
  // The backend image starts what the backend build produces.
  const main = JSON.parse(read('backend', 'package.json')).main;
  expect(dockerfile).toContain(`"backend/${main}"`);
  expect(readFileSync(path('demo', 'src', 'main.ts'), 'utf8').length).toBeGreaterThan(0);
  expect(dockerfile).toContain('"demo/src/main.ts"');
});

test('services wait for healthy dependencies and have health checks', () => {
  const s = project.services;
  for (const name of ['elasticsearch', 'backend', 'grafana']) expect(s[name].healthcheck.test.length).toBeGreaterThan(0);
  expect(s.backend.depends_on.elasticsearch.condition).toBe('service_healthy');
  expect(s.demo.depends_on.backend.condition).toBe('service_healthy');
  expect(s.grafana.depends_on.backend.condition).toBe('service_healthy');
  expect(s.grafana.depends_on.elasticsearch.condition).toBe('service_healthy');
  expect(s.elasticsearch.environment['discovery.type']).toBe('single-node');
});

test('data survives a restart in named volumes', () => {
  const volumeAt = (service: string, target: string) => project.services[service].volumes.find((v: Json) => v.target === target);
  expect(volumeAt('elasticsearch', '/usr/share/elasticsearch/data')).toMatchObject({ type: 'volume' });
  expect(volumeAt('grafana', '/var/lib/grafana')).toMatchObject({ type: 'volume' });
  expect(Object.keys(project.volumes).length).toBeGreaterThanOrEqual(2);
});

test('ports come from .env and are published on 127.0.0.1 only', () => {
  const published = (service: string) => project.services[service].ports[0];
  expect(published('grafana')).toMatchObject({ host_ip: '127.0.0.1', published: dotenv.GRAFANA_PORT, target: 3000 });
  expect(published('backend')).toMatchObject({ host_ip: '127.0.0.1', published: dotenv.BACKEND_PORT, target: 8080 });
  expect(published('elasticsearch')).toMatchObject({ host_ip: '127.0.0.1', published: dotenv.ES_PORT, target: 9200 });
});

test('Grafana: admin password from .env, no anonymous access, unsigned loading for the RunLens plugin ids only', () => {
  const env = project.services.grafana.environment;
  expect(env.GF_SECURITY_ADMIN_PASSWORD).toBe(dotenv.GF_ADMIN_PASSWORD);
  expect(env.GF_AUTH_ANONYMOUS_ENABLED).toBe('false');
  const ids = [pluginJson('plugin.json').id, pluginJson('datasource', 'plugin.json').id, pluginJson('panels', 'record', 'plugin.json').id];
  expect(env.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',').sort()).toEqual(ids.sort());
});

test('CSV exports: Grafana sends the user header, the backend keeps files on a volume', () => {
  expect(project.services.grafana.environment.GF_DATAPROXY_SEND_USER_HEADER).toBe('true');
  const backend = project.services.backend;
  const volume = backend.volumes.find((v: Json) => v.target === backend.environment.EXPORT_DIR);
  expect(volume).toMatchObject({ type: 'volume', source: 'exports-data' });
  expect(read('Dockerfile')).toContain(`chown node:node ${backend.environment.EXPORT_DIR}`);
});

test("Grafana sends the contact point's email through the SMTP settings of .env", () => {
  const env = project.services.grafana.environment;
  // Grafana's own [smtp] settings (GF_SMTP_*), each from the .env variable of the same name.
  const wired = { ENABLED: 'SMTP_ENABLED', HOST: 'SMTP_HOST', USER: 'SMTP_USER', PASSWORD: 'SMTP_PASSWORD', FROM_ADDRESS: 'SMTP_FROM_ADDRESS', FROM_NAME: 'SMTP_FROM_NAME', STARTTLS_POLICY: 'SMTP_STARTTLS_POLICY' };
  for (const [setting, variable] of Object.entries(wired)) {
    expect(dotenv).toHaveProperty(variable);
    expect(env[`GF_SMTP_${setting}`]).toBe(dotenv[variable]);
  }
  expect(['true', 'false']).toContain(env.GF_SMTP_ENABLED);
  expect(env.GF_SMTP_HOST).toMatch(/^[\w.-]+:\d+$/);
  expect(['OpportunisticStartTLS', 'MandatoryStartTLS', 'NoStartTLS']).toContain(env.GF_SMTP_STARTTLS_POLICY);
});

test('Grafana mounts the built plugin, the provisioning and the dashboards', () => {
  const mounts = project.services.grafana.volumes.filter((v: Json) => v.type === 'bind');
  const bySource = Object.fromEntries(mounts.map((m: Json) => [m.source, m]));
  expect(bySource[path('dist')].target).toBe(`/var/lib/grafana/plugins/${pluginJson('plugin.json').id}`);
  expect(bySource[path('provisioning')].target).toBe('/etc/grafana/provisioning');
  // The dashboards provider reads the folder the dashboards are mounted at.
  const provider = yamlFile('provisioning/dashboards/runlens.yaml').providers[0];
  const dashboardsPath = provider.options.path.replace(/^\$\{?(\w+)\}?$/, (_: string, v: string) => project.services.grafana.environment[v]);
  expect(bySource[path('dashboards')].target).toBe(dashboardsPath);
  expect(project.services.grafana.environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe(`${dashboardsPath}/all-runs.json`);
});

test('one set of tokens: Grafana reads with a backend read token, the demo ingests with a backend ingest token', () => {
  const s = project.services;
  const readTokens = s.backend.environment.RUNLENS_READ_TOKENS.split(',');
  const ingestTokens = s.backend.environment.RUNLENS_INGEST_TOKENS.split(',');
  expect(readTokens).toContain(s.grafana.environment.RUNLENS_READ_TOKEN);
  expect(ingestTokens).toContain(s.demo.environment.RUNLENS_INGEST_TOKEN);
  expect(readTokens).toContain(s.demo.environment.RUNLENS_READ_TOKEN);
  expect(readTokens.filter((t: string) => ingestTokens.includes(t))).toEqual([]);
  for (const t of [...readTokens, ...ingestTokens]) expect(t.length).toBeGreaterThanOrEqual(16);
  // Containers reach each other by service name, never through the host.
  expect(s.backend.environment.ES_URL).toBe('http://elasticsearch:9200');
  expect(s.backend.environment.HOST).toBe('0.0.0.0');
  expect(s.grafana.environment.RUNLENS_BACKEND_URL).toBe('http://backend:8080');
  expect(s.grafana.environment.RUNLENS_ES_URL).toBe('http://elasticsearch:9200');
  expect(s.demo.environment.RUNLENS_URL).toBe('http://backend:8080');
});

test('the image build installs from the lock file with every workspace manifest present', () => {
  const dockerfile = read('Dockerfile');
  const workspaces: string[] = JSON.parse(read('package.json')).workspaces;
  for (const stage of dockerfile.split(/^FROM /m).filter((s) => s.includes('npm ci'))) {
    expect(stage).toContain('COPY package.json package-lock.json ./');
    for (const ws of workspaces) expect(stage).toContain(`COPY ${ws}/package.json ${ws}/`);
  }
});
