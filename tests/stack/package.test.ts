/**
 * `npm run package`'s zip as a Grafana installs it: one folder named after the app id with the
 * nested data source and panel, every nested plugin declared (type and path) in the app's
 * plugin.json, every file a plugin.json names inside it, READMEs with absolute links only (the
 * catalog cannot follow relative ones), and a checksum that matches. Grafana's validator
 * (scripts/validate-plugin.sh, run by .ci/run) checks the same zip with its own rules.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { path, pluginJson, ROOT, type Json } from './repo';

const APP_ID = pluginJson('plugin.json').id as string;
const VERSION = JSON.parse(readFileSync(path('package.json'), 'utf8')).version as string;
const out = mkdtempSync(join(tmpdir(), 'runlens-package-'));
const unpacked = join(out, 'plugins');
let zip: string;
let entries: string[];

beforeAll(() => {
  if (!existsSync(path('dist', 'plugin.json'))) throw new Error('dist/ is missing: npm run build first (npm test does)');
  const r = spawnSync('bash', ['scripts/package.sh'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, PACKAGE_DIR: out } });
  if (r.status !== 0) throw new Error(r.stderr);
  zip = r.stdout.trim();
  entries = spawnSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  // Unpacked into a plugins directory, as grafana cli and GF_INSTALL_PLUGINS do.
  expect(spawnSync('unzip', ['-q', zip, '-d', unpacked]).status).toBe(0);
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const inZip = (...parts: string[]) => JSON.parse(readFileSync(join(unpacked, APP_ID, ...parts), 'utf8'));

test('is named runlens-scripts-app-<version>.zip and its checksum file matches it', () => {
  expect(zip).toBe(join(out, `${APP_ID}-${VERSION}.zip`));
  const check = spawnSync('sha1sum', ['-c', `${APP_ID}-${VERSION}.zip.sha1`], { cwd: out, encoding: 'utf8' });
  expect(check.stdout).toContain(': OK');
  expect(check.status).toBe(0);
});

test('holds one folder named after the app: the app, the nested data source and the record panel, built', () => {
  expect(new Set(entries.map((e) => e.split('/')[0]))).toEqual(new Set([APP_ID]));
  for (const f of ['plugin.json', 'module.js', 'datasource/plugin.json', 'datasource/module.js', 'panels/record/plugin.json', 'panels/record/module.js']) {
    expect(entries).toContain(`${APP_ID}/${f}`);
  }
  // Only the build output: no sources, dependencies or tests.
  expect(entries.filter((e) => /node_modules|\.tsx?$|\.test\./.test(e))).toEqual([]);
  expect(inZip('plugin.json').info.version).toBe(VERSION);
  expect(JSON.stringify(inZip('plugin.json'))).not.toMatch(/%[A-Z_]+%/);
});

test("declares every nested plugin in the app's includes, with its type and path", () => {
  const nested = entries.filter((e) => e.endsWith('/plugin.json') && e !== `${APP_ID}/plugin.json`).map((e) => e.slice(APP_ID.length + 1));
  expect(nested.sort()).toEqual(['datasource/plugin.json', 'panels/record/plugin.json']);
  const includes: Json[] = inZip('plugin.json').includes;
  for (const file of nested) {
    const plugin = inZip(file);
    const declared = includes.find((i) => i.path === file);
    expect(declared).toMatchObject({ type: plugin.type, name: plugin.name });
  }
});

test('every file a plugin.json names is in the zip beside it', () => {
  for (const file of entries.filter((e) => e.endsWith('/plugin.json'))) {
    const dir = file.slice(0, -'plugin.json'.length);
    const plugin = inZip(file.slice(APP_ID.length + 1));
    const files = [
      plugin.info.logos.small,
      plugin.info.logos.large,
      ...(plugin.info.screenshots ?? []).map((s: Json) => s.path),
      ...(plugin.includes ?? []).filter((i: Json) => i.type === 'dashboard').map((i: Json) => i.path),
    ];
    for (const f of files) expect(entries).toContain(`${dir}${f}`);
  }
});

test('READMEs link absolutely only (what the catalog shows), as the validator requires', () => {
  const readmes = entries.filter((e) => e.endsWith('README.md'));
  expect(readmes.length).toBe(3);
  for (const r of readmes) {
    const text = readFileSync(join(unpacked, r), 'utf8');
    const targets = [...text.matchAll(/\[.+?\]\((.+?)\)/g)].map((m) => m[1]!.split(/\s+/)[0]!);
    expect(targets.filter((t) => !/^(https?:\/\/|#|mailto:)/.test(t))).toEqual([]);
  }
});
