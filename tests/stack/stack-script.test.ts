/**
 * `npm run stack` as a user runs it: the plugin built into dist/ when it is missing, Elasticsearch
 * (already up here, so left alone), the backend through `npm start`, the demo generator; it
 * prints where each listens, data arrives through the API, and Ctrl-C (SIGINT to the foreground
 * process group) stops everything it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { path, ROOT } from './repo';
import { dropPrefix, ensureElasticsearch, ES_URL, uniquePrefix } from './services';

const prefix = uniquePrefix('stack');
const READ = 'stack-script-read-token-0123456789';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

const listening = async (url: string) => {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
};

afterAll(async () => {
  await dropPrefix(prefix);
});

test('the backend builds as npm start and the Docker image build it (tsc -p backend/tsconfig.build.json)', () => {
  // The compiled backend uses the compiled contract: npm run build -w backend builds it first.
  const contract = spawnSync('npm', ['run', '-s', 'build', '-w', '@runlens/contract'], { cwd: ROOT, encoding: 'utf8' });
  expect(contract.status).toBe(0);
  const r = spawnSync(path('node_modules/.bin/tsc'), ['-p', 'backend/tsconfig.build.json', '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toBe('');
  expect(r.status).toBe(0);
});

test('npm run stack builds the missing plugin, starts backend and demo generator, prints where they listen, and Ctrl-C stops them', async () => {
  await ensureElasticsearch();
  // A fresh clone has no dist/: put this one aside (back in place if the stack does not rebuild it).
  const dist = path('dist');
  const aside = path(`dist.aside-${prefix}`);
  const hadDist = existsSync(dist);
  if (hadDist) renameSync(dist, aside);
  const port = await freePort();
  const child = spawn('npm', ['run', 'stack', '--', '--days', '1', '--rate', '0.5', '--live-rate', '30', '--seed', String(port)], {
    cwd: ROOT,
    detached: true, // its own process group, like a shell's foreground job
    env: {
      ...process.env,
      BACKEND_PORT: String(port),
      ES_PORT: new URL(ES_URL).port,
      ES_INDEX_PREFIX: prefix,
      RUNLENS_READ_TOKEN: READ,
      RUNLENS_INGEST_TOKEN: 'stack-script-ingest-token-0123456789',
      STACK_LOG_DIR: path('node_modules', '.cache', `runlens-${prefix}`),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  // 'close': npm and the script it runs have exited and closed the output (cleanup included).
  const closed = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const backend = `http://127.0.0.1:${port}`;
  try {
    // Up, with the addresses printed, and demo runs readable through the API.
    const deadline = Date.now() + 480_000; // the plugin build comes first
    let runs = 0;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`npm run stack exited early:\n${out}`);
      if (/Backend API\s+http:\/\/127\.0\.0\.1:\d+/.test(out) && (await listening(`${backend}/readyz`))) {
        const res = await fetch(`${backend}/api/v1/runs/stats`, { headers: { authorization: `Bearer ${READ}` } });
        runs = ((await res.json()) as { total_runs: number }).total_runs;
        if (runs > 0) break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(out).toContain('Grafana plugin: dist/ is missing, building it');
    expect(out).toContain(`Grafana plugin  ${dist}`);
    // What Grafana loads: the app with its nested plugins, versions filled in.
    for (const f of ['module.js', 'datasource/module.js', 'panels/record/module.js']) expect(existsSync(path('dist', f))).toBe(true);
    expect(JSON.parse(readFileSync(path('dist', 'plugin.json'), 'utf8')).info.version).toBe(JSON.parse(readFileSync(path('package.json'), 'utf8')).version);
    expect(out).toContain(`Backend API     ${backend}`);
    expect(out).toContain(`Elasticsearch   ${ES_URL}`);
    expect(runs).toBeGreaterThan(0);
  } finally {
    if (child.exitCode === null) {
      process.kill(-child.pid!, 'SIGINT');
    }
    if (hadDist) {
      if (existsSync(path('dist', 'module.js'))) rmSync(aside, { recursive: true, force: true });
      else {
        rmSync(dist, { recursive: true, force: true });
        renameSync(aside, dist);
      }
    }
  }
  // npm itself dies of the SIGINT; the script exits 130 after stopping what it started.
  const end = await closed;
  expect(end.code === 130 || end.signal === 'SIGINT').toBe(true);
  expect(out).toMatch(/stack: stopping[\s\S]*stack: stopped/);
  expect(out).toContain('Elasticsearch was already running before: left running');
  expect(await listening(`${backend}/healthz`)).toBe(false);
  // Nothing of the group it started is left.
  const left = spawnSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes('demo/src/main.ts') && l.includes(`--seed ${port}`));
  expect(left).toEqual([]);
  expect(await listening(`${ES_URL}/_cluster/health`)).toBe(true);
}, 600_000);
