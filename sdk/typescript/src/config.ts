/**
 * What binds a logger to a run. The platform sets these environment variables for each run;
 * anything given explicitly wins.
 */
export const ENV = {
  url: 'RUNLENS_URL',
  token: 'RUNLENS_INGEST_TOKEN',
  runId: 'RUNLENS_RUN_ID',
  script: 'RUNLENS_SCRIPT',
  function: 'RUNLENS_FUNCTION',
  deploymentId: 'RUNLENS_DEPLOYMENT_ID',
  source: 'RUNLENS_SOURCE',
  sourceType: 'RUNLENS_SOURCE_TYPE',
  // The W3C name for carrying trace context in the environment.
  traceparent: 'TRACEPARENT',
} as const;

export interface RunBinding {
  /** Backend base URL, e.g. http://127.0.0.1:8080; without it records go to stdout only. */
  url?: string;
  /** An ingest token. */
  token?: string;
  runId?: string;
  script?: string;
  function?: string;
  /** The deployment version the run executes. */
  deploymentId?: number;
  source?: string;
  sourceType?: 'api' | 'tool';
  /** W3C traceparent `00-<trace id>-<span id>-<flags>`. */
  traceparent?: string;
}

const TRACEPARENT = /^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export interface TraceContext {
  traceId: string;
  spanId: string;
  traceFlags: number;
}

/** The trace context inside a traceparent; none when it is malformed or all zeros. */
export function parseTraceparent(value: string | undefined): TraceContext | undefined {
  const m = value ? TRACEPARENT.exec(value.trim().toLowerCase()) : null;
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) {
    return undefined;
  }
  return { traceId: m[1]!, spanId: m[2]!, traceFlags: parseInt(m[3]!, 16) };
}

/** The explicit values over the environment's. */
export function resolveBinding(explicit: RunBinding = {}, env: NodeJS.ProcessEnv = process.env): RunBinding {
  const deployment = explicit.deploymentId ?? (env[ENV.deploymentId] ? Number(env[ENV.deploymentId]) : undefined);
  const sourceType = explicit.sourceType ?? env[ENV.sourceType];
  return {
    url: (explicit.url ?? env[ENV.url])?.replace(/\/+$/, ''),
    token: explicit.token ?? env[ENV.token],
    runId: explicit.runId ?? env[ENV.runId],
    script: explicit.script ?? env[ENV.script],
    function: explicit.function ?? env[ENV.function],
    deploymentId: Number.isInteger(deployment) && deployment! > 0 ? deployment : undefined,
    source: explicit.source ?? env[ENV.source],
    sourceType: sourceType === 'api' || sourceType === 'tool' ? sourceType : undefined,
    traceparent: explicit.traceparent ?? env[ENV.traceparent],
  };
}
