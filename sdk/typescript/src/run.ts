import { performance } from 'node:perf_hooks';
import { captureOutput } from './capture';
import { parseTraceparent, resolveBinding, type RunBinding } from './config';
import { addExitTask } from './exit';
import { postJson, type ApiTarget } from './http';
import { type LoggerOptions, RunLogger } from './logger';

export interface RunOptions extends RunBinding {
  /** The run's input, stored with the run. */
  input?: unknown;
  /** Logger settings other than the run binding. */
  logger?: Omit<LoggerOptions, keyof RunBinding | 'write'>;
}

export interface RunResult<T> {
  runId: string | undefined;
  status: 'success' | 'failed';
  output?: T;
  error?: string;
  responseTimeMs: number;
}

const BATCH_LINES = 1000;

/**
 * Runs `fn` as one RunLens run: starts the run, gives `fn` a logger bound to it (records sent
 * live), captures stdout and stderr (sent as one batch at completion: the standard option),
 * and finishes the run with its status, response time and output or error. A failing `fn`
 * makes a failed run; the result says so instead of throwing. If the backend is unreachable
 * the script still runs, and its output still reaches the terminal.
 */
export async function runScript<T>(
  options: RunOptions,
  fn: (logger: RunLogger) => T | Promise<T>
): Promise<RunResult<T>> {
  const binding = resolveBinding(options);
  const api: ApiTarget | undefined =
    binding.url && binding.token ? { url: binding.url, token: binding.token } : undefined;
  let runId = binding.runId;
  let deploymentId = binding.deploymentId;
  if (api && binding.script && binding.function && binding.source && binding.sourceType) {
    const started = await postJson<{ run: { run_id: string; deployment_version: number | null } }>(
      api,
      '/api/v1/runs',
      {
        run_id: runId,
        script: binding.script,
        function: binding.function,
        source: binding.source,
        source_type: binding.sourceType,
        input: options.input,
        trace_id: parseTraceparent(binding.traceparent)?.traceId,
      }
    );
    runId = started?.run.run_id ?? runId;
    deploymentId = started?.run.deployment_version ?? deploymentId;
  }

  const capture = captureOutput();
  const logger = new RunLogger({
    ...options.logger,
    ...binding,
    runId,
    deploymentId,
    write: capture.writeThrough,
  });
  const t0 = performance.now();
  let finished = false;
  const finish = async (status: 'success' | 'failed', output: unknown, error: string | undefined) => {
    if (finished) {
      return;
    }
    finished = true;
    const responseTimeMs = Math.round((performance.now() - t0) * 1000) / 1000;
    const lines = capture.stop();
    await logger.flush();
    if (api && runId) {
      for (let i = 0; i < lines.length; i += BATCH_LINES) {
        const batch = lines.slice(i, i + BATCH_LINES).map((l) => ({ run_id: runId, ...l }));
        await postJson(api, '/api/v1/logs', batch);
      }
      await postJson(api, `/api/v1/runs/${encodeURIComponent(runId)}/finish`, {
        status,
        response_time_ms: responseTimeMs,
        output,
        error: error?.slice(0, 10_000),
      });
    }
    await logger.shutdown();
    return responseTimeMs;
  };
  // Killed or crashed mid-run: the run still ends, failed, with what it printed.
  const removeTask = addExitTask(async (reason) => void (await finish('failed', undefined, reason)));

  let result: RunResult<T>;
  try {
    const output = await fn(logger);
    result = { runId, status: 'success', output, responseTimeMs: 0 };
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    result = { runId, status: 'failed', error, responseTimeMs: 0 };
  }
  removeTask();
  result.responseTimeMs = (await finish(result.status, result.output, result.error)) ?? 0;
  return result;
}
