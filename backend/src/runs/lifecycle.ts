/**
 * How start and finish events combine into one run document, whatever order they arrive
 * in and however often. Pure functions: the store does the reads and conditional writes.
 */
export type RunStatus = 'success' | 'failed' | 'in_progress';

export interface RunDoc {
  run_id: string;
  script: string | null;
  function: string | null;
  status: RunStatus;
  deployment_version: number | null;
  response_time_ms: number | null;
  executed_on: string | null;
  finished_at: string | null;
  source_type: 'tool' | 'api' | null;
  source: string | null;
  input?: unknown;
  output?: unknown;
  error: string | null;
  trace_id: string | null;
  started: boolean;
  updated_at: string;
}

export interface StartEvent {
  run_id: string;
  script: string;
  function: string;
  source_type: 'tool' | 'api';
  source: string;
  executed_on: string;
  deployment_version: number;
  input?: unknown;
  trace_id?: string | null;
}

export interface FinishEvent {
  run_id: string;
  status: 'success' | 'failed';
  finished_at: string;
  response_time_ms?: number | null;
  output?: unknown;
  error?: string | null;
}

/** Response time is kept for successful runs only: given by the platform, else measured. */
function responseTime(doc: RunDoc, given: number | null | undefined): number | null {
  if (doc.status !== 'success') {
    return null;
  }
  if (given !== undefined && given !== null) {
    return given;
  }
  if (doc.response_time_ms !== null) {
    return doc.response_time_ms;
  }
  if (doc.executed_on && doc.finished_at) {
    return Math.max(0, Date.parse(doc.finished_at) - Date.parse(doc.executed_on));
  }
  return null;
}

/** Returns the new document, or null when the event changes nothing (a repeat). */
export function applyStart(existing: RunDoc | null, e: StartEvent, now: string): RunDoc | null {
  if (existing?.started) {
    return null;
  }
  const doc: RunDoc = {
    run_id: e.run_id,
    script: e.script,
    function: e.function,
    status: existing?.status ?? 'in_progress',
    deployment_version: e.deployment_version,
    response_time_ms: existing?.response_time_ms ?? null,
    executed_on: e.executed_on,
    finished_at: existing?.finished_at ?? null,
    source_type: e.source_type,
    source: e.source,
    input: e.input ?? null,
    output: existing?.output ?? null,
    error: existing?.error ?? null,
    trace_id: e.trace_id ?? null,
    started: true,
    updated_at: now,
  };
  doc.response_time_ms = responseTime(doc, undefined);
  return doc;
}

export function applyFinish(existing: RunDoc | null, e: FinishEvent, now: string): RunDoc | null {
  // The first finish wins; a repeated or late duplicate changes nothing.
  if (existing && existing.status !== 'in_progress') {
    return null;
  }
  const base: RunDoc = existing ?? {
    run_id: e.run_id,
    script: null,
    function: null,
    status: 'in_progress',
    deployment_version: null,
    response_time_ms: null,
    executed_on: null,
    finished_at: null,
    source_type: null,
    source: null,
    input: null,
    error: null,
    trace_id: null,
    started: false,
    updated_at: now,
  };
  const doc: RunDoc = {
    ...base,
    status: e.status,
    finished_at: e.finished_at,
    output: e.output ?? null,
    error: e.status === 'failed' ? (e.error ?? null) : null,
    updated_at: now,
  };
  doc.response_time_ms = responseTime(doc, e.response_time_ms);
  return doc;
}
