import { ApiError, RunLensClient, sleep } from './client';
import { CATALOG, fill, versionAt, type FunctionProfile, type ScriptProfile, type VersionProfile } from './catalog';
import { Random } from './random';
// Live runs log through the RunLens TypeScript logger SDK, as a script on the platform would.
import { RunLogger } from '../../sdk/typescript/src';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One simulated run: what the platform sends to RunLens, with the times it happens at. */
export interface RunPlan {
  script: string;
  logStyle: ScriptProfile['logStyle'];
  start: {
    run_id: string;
    script: string;
    function: string;
    source_type: 'tool' | 'api';
    source: string;
    executed_on: string;
    deployment_version: number;
    input: unknown;
    trace_id: string;
  };
  /** null: the run never finishes (stays In Progress). */
  finish: { status: 'success' | 'failed'; finished_at: string; response_time_ms?: number; output?: unknown; error?: string | null } | null;
  /** Log records in emission order, each with its own time. */
  logs: Array<{ at: number; record: Record<string, unknown> }>;
}

/** Daily rhythm: busier in working hours (UTC), quieter at night. */
export function diurnal(t: number): number {
  const h = new Date(t).getUTCHours() + new Date(t).getUTCMinutes() / 60;
  return 0.35 + 0.65 * Math.max(0, Math.sin(((h - 5) / 24) * 2 * Math.PI)) + 0.15;
}

let runCounter = 0;

/** Plans one run of `profile` started at `t` (ms), or null when no version is deployed then. */
export function planRun(r: Random, profile: ScriptProfile, t: number, now: number, opts: { allowInProgress?: boolean } = {}): RunPlan | null {
  const version = versionAt(profile, (now - t) / DAY);
  if (!version) {return null;}
  const fn = r.weighted(profile.functions.map((f) => ({ weight: f.weight, value: f })));
  const source = r.weighted(profile.sources.map((s) => ({ weight: s.weight, value: s })));
  const input = fn.input(r);
  const traceId = r.hex(16);
  runCounter += 1;
  const runId = `run-${profile.script.toLowerCase()}-${new Date(t).toISOString().slice(0, 10).replace(/-/g, '')}-${r.hex(6)}${(runCounter % 4096).toString(16).padStart(3, '0')}`;

  const failed = failureDue(r, `${profile.script}#${version.version}`, version.failureRate);
  const duration = Math.max(5, Math.round(responseTime(r, fn, version) * (failed ? r.next() * 0.8 + 0.1 : 1)));
  const finishedAt = t + duration;
  const inProgress = opts.allowInProgress === true && r.chance(0.02);

  const plan: RunPlan = {
    script: profile.script,
    logStyle: profile.logStyle,
    start: {
      run_id: runId,
      script: profile.script,
      function: fn.name,
      source_type: source.type,
      source: source.name,
      executed_on: new Date(t).toISOString(),
      deployment_version: version.version,
      input,
      trace_id: traceId,
    },
    finish: inProgress
      ? null
      : failed
        ? { status: 'failed', finished_at: new Date(finishedAt).toISOString(), error: r.pick(fn.errors), output: null }
        : { status: 'success', finished_at: new Date(finishedAt).toISOString(), response_time_ms: duration, output: fn.output(r, input) },
    logs: [],
  };
  plan.logs = planLogs(r, plan, fn, version, t, inProgress ? t + duration : finishedAt, failed);
  return plan;
}

/**
 * Failures at the version's rate over any stretch of runs (an accumulator with a random start),
 * rather than independent coin flips: a version meant to fail 20 % of the time shows about 20 %
 * even over a few dozen runs, so the demo's story holds at any backfill rate.
 */
const failureDebt = new Map<string, number>();
function failureDue(r: Random, key: string, rate: number): boolean {
  const debt = (failureDebt.get(key) ?? r.next()) + rate;
  const due = debt >= 1;
  failureDebt.set(key, due ? debt - 1 : debt);
  return due;
}

function responseTime(r: Random, fn: FunctionProfile, version: VersionProfile): number {
  return r.logNormal(fn.medianMs * version.slowdown, fn.sigma);
}

function planLogs(r: Random, plan: RunPlan, fn: FunctionProfile, version: VersionProfile, t0: number, t1: number, failed: boolean): RunPlan['logs'] {
  const steps = failed ? fn.steps.slice(0, Math.max(1, r.int(1, fn.steps.length - 1))) : fn.steps;
  const span = Math.max(1, t1 - t0);
  const at = (i: number, n: number) => Math.round(t0 + ((i + 1) / (n + 1)) * span);
  const { start } = plan;
  if (plan.logStyle === 'stdout') {
    // print() / console.log(): captured and sent as one batch when the run ends.
    const lines: Array<{ level: 'stdout' | 'stderr'; message: string }> = steps.map((s) => ({ level: 'stdout', message: fill(s, start.input) }));
    if (r.chance(0.2)) {lines.splice(1, 0, { level: 'stdout', message: `debug: payload ${JSON.stringify(start.input)}` });}
    if (failed && plan.finish) {
      lines.push({ level: 'stderr', message: 'Traceback (most recent call last):' });
      lines.push({ level: 'stderr', message: `  File "main.py", line ${r.int(20, 200)}, in ${fn.name}` });
      lines.push({ level: 'stderr', message: plan.finish.error ?? 'Error' });
    }
    return lines.map((l, i) => ({
      at: at(i, lines.length),
      record: {
        log_id: `${start.run_id}-${String(i).padStart(3, '0')}`,
        run_id: start.run_id,
        level: l.level,
        message: l.message,
        timestamp: new Date(at(i, lines.length)).toISOString(),
        seq: i,
      },
    }));
  }
  // korelogger: span JSON records, sent one by one as they are emitted.
  const records: Array<{ level: string; message: string }> = [];
  steps.forEach((s, i) => {
    records.push({ level: 'info', message: fill(s, start.input) });
    if (i === 0) {records.push({ level: 'debug', message: `input ${JSON.stringify(start.input)}` });}
  });
  if (version.slowdown > 1.5) {records.push({ level: 'warning', message: `slow upstream call: ${Math.round(fn.medianMs * version.slowdown)} ms` });}
  if (failed && plan.finish) {records.push({ level: 'error', message: plan.finish.error ?? 'failed' });}
  return records.map((l, i) => {
    const spanId = r.hex(8);
    const time = at(i, records.length);
    return {
      at: time,
      record: {
        name: `${fn.name}.log`,
        context: { trace_id: `0x${start.trace_id}`, span_id: `0x${spanId}` },
        kind: 'SpanKind.INTERNAL',
        parent_id: null,
        start_time: new Date(time).toISOString(),
        end_time: new Date(time).toISOString(),
        status: { status_code: 'UNSET' },
        attributes: {
          traceparent: `00-${start.trace_id}-${spanId}-01`,
          run_id: start.run_id,
          deployment_id: String(start.deployment_version),
          source: start.source,
          source_type: start.source_type,
          'log.message': l.message,
          'log.level': l.level,
          'code.function': fn.name,
        },
        events: [],
        links: [],
        resource: { attributes: { 'service.name': start.script, 'telemetry.sdk.name': 'korelogger' } },
      },
    };
  });
}

export interface BackfillOptions {
  days: number;
  /** Average runs per script per hour (scaled by the script's weight and the daily rhythm). */
  rate: number;
  concurrency: number;
  seed: number;
  now?: number;
  scripts?: ScriptProfile[];
  log?: (line: string) => void;
}

export interface BackfillResult {
  runs: number;
  failed: number;
  inProgress: number;
  logs: number;
  deployments: Array<{ script: string; version: number }>;
  undeployed: string[];
}

/**
 * A week of history: deploys every script's versions, sends every run (start, finish, logs)
 * with its historical times, then undeploys the scripts that were undeployed.
 */
export async function backfill(client: RunLensClient, opts: BackfillOptions): Promise<BackfillResult> {
  const r = new Random(opts.seed);
  const now = opts.now ?? Date.now();
  const from = now - opts.days * DAY;
  const scripts = opts.scripts ?? CATALOG;
  const log = opts.log ?? (() => {});
  const result: BackfillResult = { runs: 0, failed: 0, inProgress: 0, logs: 0, deployments: [], undeployed: [] };

  // Versions in order; the backend numbers them 1, 2, 3…
  for (const profile of scripts) {
    for (const v of profile.versions) {
      const d = await deploy(client, profile.script, new Date(now - v.deployedDaysAgo * DAY).toISOString());
      if (d.version !== v.version) {
        log(`note: ${profile.script} got version ${d.version} where the demo expected ${v.version} (the script existed before)`);
      }
      result.deployments.push({ script: profile.script, version: d.version });
    }
  }

  const plans: RunPlan[] = [];
  const meanWeight = scripts.reduce((s, p) => s + p.weight, 0) / scripts.length;
  for (let hour = from; hour < now; hour += HOUR) {
    for (const profile of scripts) {
      const n = r.poisson((opts.rate * profile.weight * diurnal(hour)) / meanWeight);
      for (let i = 0; i < n; i++) {
        const t = hour + Math.floor(r.next() * HOUR);
        if (t >= now) {continue;}
        const plan = planRun(r, profile, t, now, { allowInProgress: now - t < 2 * HOUR });
        if (plan) {plans.push(plan);}
      }
    }
  }
  plans.sort((a, b) => a.start.executed_on.localeCompare(b.start.executed_on));
  log(`backfill: ${plans.length} runs over ${opts.days} days for ${scripts.length} scripts`);

  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      await sendPlan(client, plan);
      result.runs += 1;
      result.logs += plan.logs.length;
      if (plan.finish === null) {result.inProgress += 1;}
      else if (plan.finish.status === 'failed') {result.failed += 1;}
      done += 1;
      if (done % 1000 === 0) {log(`backfill: ${done}/${plans.length} runs sent`);}
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency) }, worker));

  for (const profile of scripts) {
    if (profile.undeployedDaysAgo !== undefined) {
      await client.undeploy(profile.script, new Date(now - profile.undeployedDaysAgo * DAY).toISOString());
      result.undeployed.push(profile.script);
    }
  }
  log(`backfill: done: ${result.runs} runs (${result.failed} failed, ${result.inProgress} in progress), ${result.logs} log lines`);
  return result;
}

async function deploy(client: RunLensClient, script: string, deployedAt: string) {
  try {
    return await client.deploy(script, deployedAt);
  } catch (err) {
    // A backend that validates the body strictly and has no deployed_at: deploy "now".
    if (err instanceof ApiError && err.status === 400) {return client.deploy(script);}
    throw err;
  }
}

/** Backfill: everything at once, with the recorded times. */
async function sendPlan(client: RunLensClient, plan: RunPlan): Promise<void> {
  await client.startRun(plan.start);
  if (plan.finish) {await client.finishRun(plan.start.run_id, plan.finish);}
  if (plan.logs.length > 0) {await client.postLogs(plan.logs.map((l) => l.record));}
}

export interface LiveOptions {
  /** Runs per minute over all deployed scripts. */
  rate: number;
  seed: number;
  scripts?: ScriptProfile[];
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Stop after this many runs (tests); default: until aborted. */
  maxRuns?: number;
  /** Deploy the next version of one script (in turn) this often, so live deployment markers appear; 0 = never. */
  redeployEveryMs?: number;
}

/**
 * Live runs, as they happen: the start is sent when the run starts, korelogger records one by
 * one while it runs, the finish when it ends, and print()/console.log() lines in one batch after.
 */
export async function live(client: RunLensClient, opts: LiveOptions): Promise<{ runs: number; refused: number }> {
  const r = new Random(opts.seed ^ 0x5bd1e995);
  const scripts = opts.scripts ?? CATALOG;
  const log = opts.log ?? (() => {});
  const inFlight = new Set<Promise<void>>();
  let runs = 0;
  let refused = 0;

  // An undeployed script refuses new runs until it is deployed again.
  for (const profile of scripts.filter((p) => p.undeployedDaysAgo !== undefined)) {
    try {
      await client.startRun({ script: profile.script, function: profile.functions[0]!.name, source_type: profile.sources[0]!.type, source: profile.sources[0]!.name });
      log(`live: ${profile.script} accepted a run although it should be undeployed`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        refused += 1;
        log(`live: ${profile.script} is undeployed: new runs are refused (409 ${err.code}); its history stays readable`);
      } else {throw err;}
    }
  }

  const deployed = scripts.filter((p) => p.undeployedDaysAgo === undefined);
  let turn = 0;
  const redeploy = opts.redeployEveryMs
    ? setInterval(() => {
        const profile = deployed[turn++ % deployed.length]!;
        client.deploy(profile.script).then(
          (d) => log(`live: deployed ${profile.script} version ${d.version}`),
          (err: unknown) => log(`live: deploying ${profile.script}: ${String(err)}`)
        );
      }, opts.redeployEveryMs)
    : undefined;
  while (!opts.signal?.aborted && (opts.maxRuns === undefined || runs < opts.maxRuns)) {
    const profile = r.weighted(deployed.map((p) => ({ weight: p.weight, value: p })));
    const plan = planRun(r, profile, Date.now(), Date.now());
    if (plan) {
      runs += 1;
      const p = playLive(client, plan, opts.signal).catch((err: unknown) => log(`live: run ${plan.start.run_id}: ${String(err)}`));
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    if (opts.maxRuns !== undefined && runs >= opts.maxRuns) {break;}
    await abortableSleep(r.exponential(60_000 / Math.max(0.01, opts.rate)), opts.signal);
  }
  await Promise.all([...inFlight]);
  clearInterval(redeploy);
  return { runs, refused };
}

/** Scripts the live mode found undeployed (a backend without the backfill) and deployed. */
const deployedByLive = new Map<string, Promise<unknown>>();

async function playLive(client: RunLensClient, plan: RunPlan, signal?: AbortSignal): Promise<void> {
  const t0 = Date.parse(plan.start.executed_on);
  // Live runs take the script's current version.
  const { deployment_version: _planned, ...start } = plan.start;
  try {
    const res = await client.startRun(start);
    plan.start.deployment_version = res.run.deployment_version;
  } catch (err) {
    // Live mode without a backfill on a fresh backend: deploy the script once, then run.
    if (!(err instanceof ApiError && err.status === 409)) {throw err;}
    if (!deployedByLive.has(plan.script)) {deployedByLive.set(plan.script, client.deploy(plan.script));}
    await deployedByLive.get(plan.script);
    const res = await client.startRun(start);
    plan.start.deployment_version = res.run.deployment_version;
  }
  if (plan.logStyle === 'korelogger') {
    for (const l of plan.logs) {
      const attrs = (l.record as { attributes: Record<string, unknown> }).attributes;
      attrs.deployment_id = String(plan.start.deployment_version);
    }
  }
  if (plan.logStyle === 'korelogger') {
    // The structured logger, bound to this run: each record goes out as it is emitted (OTLP/HTTP
    // to /v1/logs, batched for at most 200 ms); flushed before the run finishes.
    const logger = new RunLogger({
      url: client.url,
      token: client.ingestToken,
      runId: plan.start.run_id,
      script: plan.start.script,
      function: plan.start.function,
      deploymentId: plan.start.deployment_version,
      source: plan.start.source,
      sourceType: plan.start.source_type,
      traceparent: `00-${plan.start.trace_id}-${plan.start.trace_id.slice(0, 16)}-01`,
      stdout: false,
      handleExit: false,
    });
    for (const l of plan.logs) {
      await abortableSleep(l.at - Date.now(), signal);
      const attrs = (l.record as { attributes: Record<string, string> }).attributes;
      logger.emit(attrs['log.level'] as 'info', attrs['log.message'], { 'code.function': attrs['code.function'] });
    }
    await logger.shutdown();
  }
  if (!plan.finish) {return;}
  const end = Date.parse(plan.finish.finished_at);
  await abortableSleep(end - Date.now(), signal);
  const finishedAt = new Date(Math.max(Date.now(), t0)).toISOString();
  await client.finishRun(plan.start.run_id, { ...plan.finish, finished_at: finishedAt });
  if (plan.logStyle === 'stdout' && plan.logs.length > 0) {
    await client.postLogs(plan.logs.map((l) => l.record));
  }
}

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) {return Promise.resolve();}
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export { sleep };
