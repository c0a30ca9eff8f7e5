/**
 * The BUILT plugin (dist/) in headless Chromium, inside a host page that supplies Grafana's shared
 * modules through SystemJS as Grafana does (host/grafanaHost.tsx), behind a data-proxy stand-in
 * that applies plugin.json's route on the server (host/server.ts), against the real RunLens
 * backend and Elasticsearch. What a Grafana user would meet first if the bundle were broken:
 * a module that does not load, an editor that does not render or edit, a query type that returns
 * nothing, a record panel that does not move, a console error, or a token in the browser.
 *
 * Specs talk to the page through `runlensHost` and a few DOM selectors only; with a Grafana server
 * at hand the same steps map onto @grafana/plugin-e2e (see README.md here).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { READ_TOKEN, startBackend, type Backend } from '../../backend/testing/spawnServer';
import { startGrafanaHost, type GrafanaHost } from './host/server';

const ROOT = resolve(__dirname, '../..');
const APP_ID = JSON.parse(readFileSync(join(ROOT, 'src/plugin.json'), 'utf8')).id as string;
const MODULES = {
  app: `/public/plugins/${APP_ID}/module.js`,
  datasource: `/public/plugins/${APP_ID}/datasource/module.js`,
  panel: `/public/plugins/${APP_ID}/panels/record/module.js`,
};
/** Every query type of the data source: one file each in its query-type registry. */
const QUERY_TYPE_DIR = join(ROOT, 'src/datasource/data/queryTypes');
const QUERY_TYPES = readdirSync(QUERY_TYPE_DIR)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .flatMap((f) => [...readFileSync(join(QUERY_TYPE_DIR, f), 'utf8').matchAll(/^  queryType: '([A-Za-z]+)';$/gm)].map((m) => m[1]!));
// Screenshots go to docs/img with UPDATE_SCREENSHOTS=1, else to a temporary folder.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/img') : join(tmpdir(), 'runlens-browser-shots');
const SCRIPT = 'browser-billing';

let backend: Backend;
let host: GrafanaHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];
const bodiesSeen: string[] = [];

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

async function seed() {
  await backend.ingest('POST', `/api/v1/scripts/${SCRIPT}/deployments`);
  const runs = [
    { id: 'br-1', m: 50, status: 'success', ms: 180 },
    { id: 'br-2', m: 30, status: 'failed', ms: 5020 },
    { id: 'br-3', m: 10, status: 'success', ms: 240 },
  ];
  for (const r of runs) {
    await backend.ingest('POST', '/api/v1/runs', {
      run_id: r.id,
      script: SCRIPT,
      function: 'charge',
      source_type: 'api',
      source: 'checkout-api',
      executed_on: minutesAgo(r.m),
      input: { order: r.id, amount: 42 },
    });
    await backend.ingest('POST', '/api/v1/logs', [
      { run_id: r.id, level: 'info', message: `charging order ${r.id}`, timestamp: minutesAgo(r.m) },
      { run_id: r.id, level: r.status === 'failed' ? 'error' : 'stdout', message: r.status === 'failed' ? 'TimeoutError: card network did not answer' : 'charged', timestamp: minutesAgo(r.m - 0.05) },
    ]);
    await backend.ingest('POST', `/api/v1/runs/${r.id}/finish`, {
      status: r.status,
      finished_at: minutesAgo(r.m - 0.1),
      response_time_ms: r.ms,
      ...(r.status === 'failed' ? { error: 'TimeoutError: card network did not answer' } : { output: { charged: true } }),
    });
  }
  await backend.refresh();
}

const hostCall = <T>(fn: string, ...args: unknown[]) =>
  page.evaluate(([f, a]) => (window as any).runlensHost[f as string](...(a as unknown[])), [fn, args] as const) as Promise<T>;

async function shot(testId: string, file: string) {
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, file);
  await page.getByTestId(testId).screenshot({ path });
  expect(readFileSync(path).length).toBeGreaterThan(1000);
}

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'datasource', 'module.js'))) throw new Error('dist/ is missing: npm run build first (npm test does)');
  backend = await startBackend();
  await seed();
  host = await startGrafanaHost({ uid: 'runlens-browser', name: 'RunLens', jsonData: { backendUrl: backend.url }, secureJsonData: { readToken: READ_TOKEN } });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage({ viewport: { width: 960, height: 900 } });
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('response', async (r) => {
    if (r.status() >= 400) consoleErrors.push(`HTTP ${r.status()} ${r.url()}`);
    if (r.url().includes('/api/datasources/proxy/')) bodiesSeen.push(await r.text().catch(() => ''));
  });
  // The record panel's run comes from the dashboard variable in the URL, as on a dashboard.
  await page.goto(`${host.url}/?var-run_id=br-2`);
  await page.waitForFunction(() => Boolean((window as any).runlensHost), undefined, { timeout: 60_000 }).catch((err) => {
    throw new Error(`the host page did not start: ${err}\n${consoleErrors.join('\n')}`);
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await host?.close();
  await backend?.stop();
});

test('the app, data source and panel modules load from dist/ and export their plugin objects', async () => {
  const app = await hostCall<any>('load', MODULES.app);
  expect(app).toMatchObject({ kind: 'app', hasRoot: true });
  expect(app.exports).toContain('plugin');
  const ds = await hostCall<any>('load', MODULES.datasource);
  expect(ds).toMatchObject({ kind: 'datasource', hasDataSourceClass: true });
  expect(ds.components).toEqual(expect.arrayContaining(['ConfigEditor', 'QueryEditor']));
  const panel = await hostCall<any>('load', MODULES.panel);
  expect(panel).toMatchObject({ kind: 'panel', hasPanel: true });
  // `instanceof` held: the plugins use the host's @grafana/data, not a copy of their own.
  expect(await hostCall('createDataSource')).toEqual({ uid: 'runlens-browser', name: 'RunLens' });
});

test('the config editor shows the backend URL, the token only as configured, and edits the URL', async () => {
  await hostCall('renderConfigEditor');
  const url = page.locator('#runlens-backend-url');
  await expect(url.inputValue()).resolves.toBe(backend.url);
  // A saved token is never sent to the page: the field says "configured" and offers Reset.
  await expect(page.getByTestId('config-editor').getByRole('button', { name: 'Reset' }).isVisible()).resolves.toBe(true);
  await url.fill('http://runlens-backend:8080');
  const options = await page.evaluate(() => (window as any).runlensHost.lastOptions);
  expect(options.jsonData.backendUrl).toBe('http://runlens-backend:8080');
  expect(JSON.stringify(options)).not.toContain(READ_TOKEN);
  await shot('config-editor', 'browser-config-editor.png');
});

test('the query editor renders, switches the query type and edits the search', async () => {
  await hostCall('renderQueryEditor', { refId: 'A', queryType: 'runs', scripts: [SCRIPT], filters: [], match: 'all', q: '' });
  const editor = page.getByTestId('query-editor');
  await editor.getByText('Query type').waitFor();
  await editor.getByRole('radio', { name: 'Logs', exact: true }).check({ force: true });
  await page.waitForFunction(() => (window as any).runlensHost.lastQuery?.queryType === 'logs');
  await page.locator('#runlens-q').fill('timeout');
  await page.locator('#runlens-q').blur();
  const state = await page.evaluate(() => ({ q: (window as any).runlensHost.lastQuery, runs: (window as any).runlensHost.queriesRun }));
  expect(state.q).toMatchObject({ queryType: 'logs', q: 'timeout', scripts: [SCRIPT] });
  expect(state.runs).toBeGreaterThanOrEqual(2); // the type change and the search each run the query
  await shot('query-editor', 'browser-query-editor.png');
});

test('the query types are found', () => expect(QUERY_TYPES.length).toBeGreaterThanOrEqual(8));

test.each(QUERY_TYPES)('query type %s returns frames from the real backend through the data proxy', async (queryType) => {
  const target: Record<string, unknown> = { queryType, scripts: [SCRIPT], filters: [], match: 'all', q: '' };
  if (queryType === 'record') Object.assign(target, { runId: 'br-2', sort: 'executed_on', order: 'desc' });
  const res = await hostCall<any>('query', target);
  expect(res.errors).toEqual([]);
  expect(res.frames.length).toBeGreaterThan(0);
  const rows = res.frames.reduce((n: number, f: any) => n + f.length, 0);
  expect(rows).toBeGreaterThan(0);
  for (const f of res.frames) expect(f.fields.length).toBeGreaterThan(0);
  const names = res.frames.flatMap((f: any) => f.fields.map((x: any) => x.name));
  const expected: Record<string, string> = { runs: 'run_id', stats: 'p99_ms', timeseries: 'total_runs', byVersion: 'deployment_version', logs: 'message', logVolume: 'time', record: 'run_id', deployments: 'time' };
  expect(names).toContain(expected[queryType] ?? names[0]);
});

test('log lines read as Explore expects: id, labels, highlighted search words, a link to the run in Explore', async () => {
  const res = await hostCall<any>('query', { queryType: 'logs', scripts: [SCRIPT], filters: [], match: 'all', q: 'card' }, 'explore');
  const [frame] = res.frames;
  expect(frame.searchWords).toEqual(['card']);
  const field = (name: string) => frame.fields.find((f: any) => f.name === name);
  expect(field('id').first).toEqual(expect.any(String));
  expect(field('labels').first).toMatchObject({ script: SCRIPT, run_id: 'br-2' });
  expect(field('run_id').links).toBe(2); // the dashboard's record view and the run in Explore
  // What that Explore link runs: the Record query of the run id alone.
  const record = await hostCall<any>('query', { queryType: 'record', runId: 'br-2', scripts: [], filters: [], match: 'all', q: '' }, 'explore');
  expect(record.errors).toEqual([]);
  expect(record.frames.find((f: any) => f.fields.some((x: any) => x.name === 'run_id'))?.fields.find((x: any) => x.name === 'run_id').first).toBe('br-2');
});

test('filter for / filter out from log details, through the built data source', async () => {
  const query = { refId: 'A', queryType: 'logs', scripts: [SCRIPT], filters: [], match: 'all', q: '' };
  const forIt = await hostCall<any>('toggleFilter', query, 'FILTER_FOR', 'log_level', 'error');
  expect(forIt).toMatchObject({ has: true, query: { filters: [{ field: 'level', op: 'is', values: ['error'] }] } });
  const res = await hostCall<any>('query', forIt.query, 'explore');
  expect(res.frames[0].length).toBe(1); // br-2's error line
  const out = await hostCall<any>('toggleFilter', forIt.query, 'FILTER_OUT', 'log_level', 'error');
  expect(out).toMatchObject({ has: false, query: { filters: [{ field: 'level', op: 'is_not', values: ['error'] }] } });
  expect((await hostCall<any>('query', out.query, 'explore')).frames[0].length).toBe(5);
});

test('log context: the lines before a line, of its run only', async () => {
  const res = await hostCall<any>('logContext', { queryType: 'logs', scripts: [SCRIPT], filters: [], match: 'all', q: '', sort: 'timestamp', order: 'desc' });
  expect(res.line.run).toBe('br-3');
  expect(res.context.length).toBeGreaterThan(0);
  expect(new Set(res.context.map((c: any) => c.run))).toEqual(new Set(['br-3']));
  expect(res.context.map((c: any) => c.message)).toContain('charging order br-3');
});

test('the data proxy added the read token on the server; the page never held it', async () => {
  expect(host.proxied.length).toBeGreaterThan(QUERY_TYPES.length);
  for (const r of host.proxied) {
    expect(r.fromPage.authorization).toBeUndefined();
    expect(r.added).toContain('authorization');
    expect(r.target.startsWith(backend.url)).toBe(true);
    expect(r.status).toBe(200);
  }
  const inPage = await page.evaluate(() => document.documentElement.outerHTML + JSON.stringify((window as any).runlensBoot) + JSON.stringify(localStorage));
  expect(inPage).not.toContain(READ_TOKEN);
  expect(bodiesSeen.length).toBeGreaterThan(0);
  for (const body of bodiesSeen) expect(body).not.toContain(READ_TOKEN);
});

test('the record panel renders the run of $run_id, and J / K move to the next and previous run', async () => {
  await hostCall('renderRecordPanel', MODULES.panel, { queryType: 'record', scripts: [SCRIPT], runId: '$run_id', sort: 'executed_on', order: 'desc', filters: [], match: 'all', q: '' });
  const panel = page.getByTestId('runlens-record');
  await panel.getByText('br-2', { exact: true }).first().waitFor();
  await panel.getByText('TimeoutError: card network did not answer').first().waitFor();
  await shot('record-panel', 'browser-record-panel.png');
  // Newest first: the next run in the list is the older br-1, the previous the newer br-3.
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('j');
  await page.waitForFunction(() => (window as any).runlensHost.variables().run_id?.[0] === 'br-1');
  await panel.getByText('br-1', { exact: true }).first().waitFor();
  await page.keyboard.press('k');
  await page.waitForFunction(() => (window as any).runlensHost.variables().run_id?.[0] === 'br-2');
  await panel.getByText('br-2', { exact: true }).first().waitFor();
  await page.keyboard.press('k');
  await page.waitForFunction(() => (window as any).runlensHost.variables().run_id?.[0] === 'br-3');
  await panel.getByText('br-3', { exact: true }).first().waitFor();
});

test('no console errors on the way', () => {
  expect(consoleErrors).toEqual([]);
});
