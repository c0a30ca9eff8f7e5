/**
 * The demo generator's output through the real backend (on the real Elasticsearch): what a user
 * opening the dashboards after `docker compose up` / `npm run stack` would find.
 */
import { CATALOG, type ScriptProfile } from '../../demo/src/catalog';
import { RunLensClient } from '../../demo/src/client';
import { backfill, live, type BackfillResult } from '../../demo/src/generator';
import { dropPrefix, ensureElasticsearch, INGEST_TOKEN, READ_TOKEN, startBackend, uniquePrefix, type Backend } from './services';

let backend: Backend;
let client: RunLensClient;
let result: BackfillResult;
const prefix = uniquePrefix('demo');
const DAY = 86_400_000;
const q = (params: Record<string, unknown>) =>
  '?' + Object.entries(params).map(([k, v]) => `${k}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`).join('&');
/** Retries an assertion until it holds: writes are visible to readers within about a second. */
async function eventually<T>(check: () => Promise<T>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}
const week = () => ({ from: new Date(Date.now() - 8 * DAY).toISOString(), to: new Date(Date.now() + 60_000).toISOString() });

beforeAll(async () => {
  await ensureElasticsearch();
  backend = await startBackend(prefix);
  client = new RunLensClient({ url: backend.url, ingestToken: INGEST_TOKEN, readToken: READ_TOKEN });
  result = await backfill(client, { days: 7, rate: 0.6, concurrency: 8, seed: 20261126 });
  // Readers see what was accepted within about a second.
  await eventually(async () => {
    const stats = await backend.read(`/api/v1/runs/stats${q({ ...week() })}`);
    const logs = await backend.read(`/api/v1/logs${q({ ...week(), limit: 1 })}`);
    const { scripts } = await backend.read('/api/v1/scripts');
    if (stats.total_runs !== result.runs || logs.total !== result.logs || scripts.some((s: { deployed: boolean; script: string }) => s.deployed === result.undeployed.includes(s.script))) {
      throw new Error(`not visible yet: ${stats.total_runs}/${result.runs} runs, ${logs.total}/${result.logs} logs`);
    }
  }, 10_000).catch(() => undefined); // the first test reports the difference
}, 300_000);

afterAll(async () => {
  await backend?.stop();
  await dropPrefix(prefix);
});

test('backfills runs and log lines, all accepted', async () => {
  expect(result.runs).toBeGreaterThan(200);
  expect(result.failed).toBeGreaterThan(0);
  const stats = await backend.read(`/api/v1/runs/stats${q({ ...week() })}`);
  expect(stats.total_runs).toBe(result.runs);
  expect(stats.failed_runs).toBe(result.failed);
  const logs = await backend.read(`/api/v1/logs${q({ ...week(), limit: 1 })}`);
  expect(logs.total).toBe(result.logs);
});

test('several scripts with versions deployed over time, one undeployed and still readable', async () => {
  await eventually(async () => {
    const { scripts } = await backend.read('/api/v1/scripts');
    const byName = Object.fromEntries(scripts.map((s: { script: string }) => [s.script, s]));
    expect(Object.keys(byName).sort()).toEqual(CATALOG.map((p) => p.script).sort());
    expect(byName.Qbalance).toMatchObject({ current_version: 3, deployed: true });
    expect(byName.Qbalance.deployments.map((d: { version: number }) => d.version).sort()).toEqual([1, 2, 3]);
    const legacy = byName['legacy-report'];
    expect(legacy.deployed).toBe(false);
    expect(legacy.deployments.find((d: { version: number }) => d.version === legacy.current_version).undeployed_at).toEqual(expect.any(String));
    expect(legacy.total_runs).toBeGreaterThan(0);
  });
  // Deployment markers at their historical times: the dashboards' annotations read these.
  const days = (iso: string) => (Date.now() - Date.parse(iso)) / DAY;
  const { deployments } = await backend.read(`/api/v1/deployments${q({ script: 'Qbalance,legacy-report', ...week() })}`);
  const at = (script: string, version: number) => deployments.find((d: { script: string; version: number }) => d.script === script && d.version === version);
  for (const [script, version, daysAgo] of [['Qbalance', 1, 7], ['Qbalance', 2, 4], ['Qbalance', 3, 1.5], ['legacy-report', 2, 5]] as const) {
    expect(Math.abs(days(at(script, version).deployed_at) - daysAgo)).toBeLessThan(0.01);
  }
  expect(Math.abs(days(at('legacy-report', 2).undeployed_at) - 2)).toBeLessThan(0.01);
  // No run after it was undeployed (two days ago in the demo's story).
  const after = await backend.read(`/api/v1/runs${q({ script: 'legacy-report', from: new Date(Date.now() - 1.95 * DAY).toISOString(), to: new Date().toISOString(), limit: 1 })}`);
  expect(after.total).toBe(0);
  // Live runs of it are refused.
  const refused = await backend.ingest('POST', '/api/v1/runs', { script: 'legacy-report', function: 'generateReport', source_type: 'tool', source: 'Finance Workflow' });
  expect(refused.status).toBe(409);
});

test('runs come from both source types, several functions and sources', async () => {
  const types = await backend.read(`/api/v1/runs/values${q({ field: 'source_type', ...week() })}`);
  expect(types.values.map((v: { value: string }) => v.value).sort()).toEqual(['api', 'tool']);
  const functions = await backend.read(`/api/v1/runs/values${q({ field: 'function', ...week() })}`);
  expect(functions.values.length).toBeGreaterThanOrEqual(6);
  const sources = await backend.read(`/api/v1/runs/values${q({ field: 'source', ...week() })}`);
  expect(sources.values.length).toBeGreaterThanOrEqual(6);
});

test('failed runs carry an error message and no response time; successful runs have one', async () => {
  const failed = await backend.read(`/api/v1/runs${q({ ...week(), filters: [{ field: 'status', op: 'is', values: ['failed'] }], limit: 100 })}`);
  expect(failed.total).toBe(result.failed);
  for (const r of failed.rows) {
    expect(r.error).toMatch(/\w+: .+/);
    expect(r.response_time_ms).toBeNull();
  }
  const ok = await backend.read(`/api/v1/runs${q({ ...week(), filters: [{ field: 'status', op: 'is', values: ['success'] }], limit: 100 })}`);
  for (const r of ok.rows) expect(r.response_time_ms).toBeGreaterThan(0);
});

test('the response-time regression of Qbalance v2 shows in P90 per version, and v3 fixes it', async () => {
  const getBalance = [{ field: 'function', op: 'is', values: ['getBalance'] }];
  const { versions } = await backend.read(`/api/v1/runs/by-version${q({ script: 'Qbalance', ...week(), filters: getBalance })}`);
  const p90 = Object.fromEntries(versions.map((v: { deployment_version: number; p90_ms: number }) => [v.deployment_version, v.p90_ms]));
  expect(p90[2]).toBeGreaterThan(1.5 * p90[1]);
  expect(p90[3]).toBeLessThan(p90[2] / 1.5);
});

test('the failure spike of kyc-verify v2 is over the alert threshold, v1 under it', async () => {
  const { versions } = await backend.read(`/api/v1/runs/by-version${q({ script: 'kyc-verify', ...week() })}`);
  const rate = Object.fromEntries(versions.map((v: { deployment_version: number; failure_rate: number }) => [v.deployment_version, v.failure_rate]));
  expect(rate[2]).toBeGreaterThan(10);
  expect(rate[1]).toBeLessThan(10);
});

test('a record has input and output JSON and its structured (korelogger) logs', async () => {
  const list = await backend.read(`/api/v1/runs${q({ script: 'Qbalance', ...week(), filters: [{ field: 'status', op: 'is', values: ['success'] }], limit: 1 })}`);
  const rec = await backend.read(`/api/v1/runs/${list.rows[0].run_id}${q({ script: 'Qbalance', ...week() })}`);
  expect(rec.run.input).toEqual(expect.objectContaining({ account_id: expect.stringMatching(/^\d{10}$/) }));
  expect(rec.run.output).toEqual(expect.any(Object));
  const levels = new Set(rec.logs.map((l: { level: string }) => l.level));
  expect(levels).toEqual(new Set(['info', 'debug', ...(levels.has('warning') ? ['warning'] : [])]));
  for (const l of rec.logs) {
    expect(l.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(l.deployment_version).toBe(rec.run.deployment_version);
  }
});

test('a failed run that prints has its stdout and the stderr traceback with the error', async () => {
  const list = await backend.read(`/api/v1/runs${q({ script: 'order-sync', ...week(), filters: [{ field: 'status', op: 'is', values: ['failed'] }], limit: 1 })}`);
  expect(list.total).toBeGreaterThan(0);
  const rec = await backend.read(`/api/v1/runs/${list.rows[0].run_id}${q({ script: 'order-sync', ...week() })}`);
  expect(rec.logs[0].level).toBe('stdout');
  expect(rec.logs[rec.logs.length - 1]).toMatchObject({ level: 'stderr', message: rec.run.error });
});

describe('live runs', () => {
  const profile = (script: string, logStyle: ScriptProfile['logStyle'], medianMs: number): ScriptProfile => ({
    script,
    logStyle,
    weight: 1,
    sources: [{ type: 'api', name: 'live-test', weight: 1 }],
    versions: [{ version: 1, deployedDaysAgo: 1, slowdown: 1, failureRate: 0 }],
    functions: [
      { name: 'work', medianMs, sigma: 0, weight: 1, input: () => ({ n: 1 }), output: () => ({ ok: true }), errors: ['E: x'], steps: ['step one', 'step two', 'step three'] },
    ],
  });

  /** Polls the script's run and log count until the run has ended (or ms pass): what a reader saw. */
  async function watch(script: string, ms: number) {
    const seen: Array<{ status: string; logs: number }> = [];
    const until = Date.now() + ms;
    while (Date.now() < until && !seen.some((s) => s.status !== 'in_progress')) {
      const runs = await backend.read(`/api/v1/runs${q({ script, from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() })}`);
      const logs = await backend.read(`/api/v1/logs${q({ script, from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), limit: 1 })}`);
      if (runs.rows[0]) seen.push({ status: runs.rows[0].status, logs: logs.total });
      await new Promise((r) => setTimeout(r, 150));
    }
    return seen;
  }

  test('korelogger records are readable while the run is in progress; print() lines arrive when it ends', async () => {
    const kore = profile('live-kore', 'korelogger', 6000);
    const print = profile('live-print', 'stdout', 3000);
    const legacy = CATALOG.find((p) => p.undeployedDaysAgo !== undefined)!;
    const running = live(client, { rate: 6000, seed: 1, maxRuns: 1, scripts: [kore, legacy] });
    const koreSeen = await watch('live-kore', 15_000);
    const res = await running;
    expect(res).toEqual({ runs: 1, refused: 1 }); // legacy-report refused: undeployed
    expect(koreSeen.some((s) => s.status === 'in_progress' && s.logs > 0)).toBe(true);
    await eventually(async () => {
      const koreRuns = await backend.read(`/api/v1/runs${q({ script: 'live-kore', from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() })}`);
      expect(koreRuns.rows[0]).toMatchObject({ status: 'success', deployment_version: 1 });
    });

    // print(): the platform sends the captured lines in one batch after the run has finished.
    const events: string[] = [];
    const recording = new (class extends RunLensClient {
      finishRun(runId: string, body: Record<string, unknown>) {
        events.push('finish');
        return super.finishRun(runId, body);
      }
      postLogs(records: unknown[]) {
        events.push(`logs:${records.length}`);
        return super.postLogs(records);
      }
    })({ url: backend.url, ingestToken: INGEST_TOKEN, readToken: READ_TOKEN });
    const printing = live(recording, { rate: 6000, seed: 2, maxRuns: 1, scripts: [print], redeployEveryMs: 700 });
    const printSeen = await watch('live-print', 15_000);
    await printing;
    expect(printSeen.some((s) => s.status === 'in_progress' && s.logs === 0)).toBe(true);
    expect(events).toEqual(['finish', expect.stringMatching(/^logs:[3-9]$/)]);
    // Live deployments, for the dashboards' deployment markers: versions 1, 2, 3… just now.
    const { deployments } = await backend.read(`/api/v1/deployments${q({ script: 'live-print', from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() })}`);
    const versions = deployments.map((d: { version: number }) => d.version).sort((a: number, b: number) => a - b);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions).toEqual(versions.map((_: number, i: number) => i + 1));
    await eventually(async () => {
      const logs = await backend.read(`/api/v1/logs${q({ script: 'live-print', from: new Date(Date.now() - 60_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString() })}`);
      expect(logs.rows.length).toBeGreaterThanOrEqual(3);
      expect(new Set(logs.rows.map((l: { level: string }) => l.level))).toEqual(new Set(['stdout']));
    });
  }, 60_000);
});
