import type { LogRecord } from '@runlens/contract';

/**
 * The stored document of a log line, written as the JSON text of its bulk line member by
 * member: every value goes through JSON.stringify, but the members a run shares (its columns)
 * are serialized once per run, and the trigram tokens (hex and spaces, nothing to escape) are
 * copied as they are. Serializing a whole object per line was most of ingest's own CPU.
 */

/** Run columns copied onto each log line, so logs filter by them without a join. */
export type RunColumns = Pick<LogRecord, 'script' | 'function' | 'deployment_version' | 'source' | 'source_type'>;

/** A run's columns and their JSON members (`"script":…,"function":…`), made once per run. */
export interface RunPart {
  columns: RunColumns;
  json: string;
}

const text = (v: string | null | undefined) => (v === null || v === undefined ? 'null' : JSON.stringify(v));

export function runPart(columns: RunColumns): RunPart {
  const c = columns;
  return {
    columns,
    json:
      `"script":${text(c.script)},"function":${text(c.function)},` +
      `"deployment_version":${c.deployment_version ?? 'null'},"source":${text(c.source)},"source_type":${text(c.source_type)}`,
  };
}

const NO_RUN = runPart({ script: null, function: null, deployment_version: null, source: null, source_type: null });

/** The run columns of a line: what the line says wins, the run fills in the rest. */
function columnsJson(r: LogRecord, run: RunPart | undefined): string {
  const own = r.script ?? r.function ?? r.deployment_version ?? r.source ?? r.source_type;
  if (own === null || own === undefined) {
    return (run ?? NO_RUN).json;
  }
  const c = run?.columns;
  return runPart({
    script: r.script ?? c?.script ?? null,
    function: r.function ?? c?.function ?? null,
    deployment_version: r.deployment_version ?? c?.deployment_version ?? null,
    source: r.source ?? c?.source ?? null,
    source_type: r.source_type ?? c?.source_type ?? null,
  }).json;
}

/** What ingest adds to a record before it is stored. */
export interface Stamped {
  log_id: string;
  timestamp: string;
  seq: number;
  /** The message's trigram tokens (filters/substring.ts): hex digits and spaces only. */
  grams: string | null;
}

/** The trace id inside a W3C traceparent (`00-<trace>-<span>-<flags>`). */
const traceIdOf = (traceparent: string | null | undefined) => traceparent?.split('-')[1];

/** The JSON of the stored document: the members, in the order, that JSON.stringify gave the document object. */
export function logDocumentJson(r: LogRecord, s: Stamped, run: RunPart | undefined): string {
  return (
    `{"log_id":${text(s.log_id)},"run_id":${text(r.run_id)},${columnsJson(r, run)},` +
    `"level":${text(r.level)},"message":${text(r.message)},"message_grams":${s.grams === null ? 'null' : `"${s.grams}"`},` +
    `"timestamp":${text(s.timestamp)},"seq":${s.seq},"trace_id":${text(r.trace_id ?? traceIdOf(r.traceparent))},` +
    `"span_id":${text(r.span_id)},"traceparent":${text(r.traceparent)},` +
    `"attributes":${r.attributes === null || r.attributes === undefined ? 'null' : JSON.stringify(r.attributes)}}`
  );
}
