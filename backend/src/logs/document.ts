import type { LogRecord } from '@runlens/contract';

/**
 * The bulk lines of a log batch (action and stored document), written as JSON text member by
 * member: each user value goes through JSON.stringify, what lines share (their run's members,
 * the daily index) is serialized once per batch or per run, and the trigram tokens (hex and
 * spaces, nothing to escape) are copied as they are. Serializing a whole object per line was
 * most of ingest's own CPU. The members and their order are those JSON.stringify gave the
 * document object.
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

/** What ingest adds to a record before it is stored. */
export interface Stamped {
  log_id: string;
  /** ISO-8601 in UTC, as the schema gives it (nothing to escape). */
  timestamp: string;
  seq: number;
  /** The message's trigram tokens (filters/substring.ts): hex digits and spaces only. */
  grams: string | null;
}

/** The trace id inside a W3C traceparent (`00-<trace>-<span>-<flags>`). */
const traceIdOf = (traceparent: string | null | undefined) => traceparent?.split('-')[1];

const hasOwnColumns = (r: LogRecord) =>
  (r.script ?? r.function ?? r.deployment_version ?? r.source ?? r.source_type) != null;

/** Writes the NDJSON lines of one batch. */
export class BatchLines {
  /** `"run_id":…` and the run's columns, by run id, for lines that bring no columns of their own. */
  private readonly runMembers = new Map<string, string>();
  /** The JSON of the daily index name, by day (`2026-05-01`). */
  private readonly indexOfDay = new Map<string, string>();

  constructor(
    private readonly runs: Map<string, RunPart>,
    private readonly logsIndex: (at: Date) => string
  ) {}

  /** `"run_id":…,"script":…,…`: what the line says wins, the run fills in the rest. */
  private runMembersOf(r: LogRecord): string {
    if (!hasOwnColumns(r)) {
      let members = this.runMembers.get(r.run_id);
      if (members === undefined) {
        members = `"run_id":${JSON.stringify(r.run_id)},${(this.runs.get(r.run_id) ?? NO_RUN).json}`;
        this.runMembers.set(r.run_id, members);
      }
      return members;
    }
    const c = this.runs.get(r.run_id)?.columns;
    const columns = runPart({
      script: r.script ?? c?.script ?? null,
      function: r.function ?? c?.function ?? null,
      deployment_version: r.deployment_version ?? c?.deployment_version ?? null,
      source: r.source ?? c?.source ?? null,
      source_type: r.source_type ?? c?.source_type ?? null,
    });
    return `"run_id":${JSON.stringify(r.run_id)},${columns.json}`;
  }

  private indexOf(timestamp: string): string {
    // ISO in UTC: the daily index's day is the first ten characters.
    const day = timestamp.slice(0, 10);
    let index = this.indexOfDay.get(day);
    if (index === undefined) {
      index = JSON.stringify(this.logsIndex(new Date(timestamp)));
      this.indexOfDay.set(day, index);
    }
    return index;
  }

  /** The action and document lines of one log line, each ending in a newline. */
  line(r: LogRecord, s: Stamped): string {
    const id = JSON.stringify(s.log_id);
    // The level is one of LOG_LEVELS and the timestamp ISO: quoted as they are.
    return (
      `{"index":{"_index":${this.indexOf(s.timestamp)},"_id":${id}}}\n` +
      `{"log_id":${id},${this.runMembersOf(r)},"level":"${r.level}","message":${JSON.stringify(r.message)},` +
      `"message_grams":${s.grams === null ? 'null' : `"${s.grams}"`},"timestamp":"${s.timestamp}","seq":${s.seq},` +
      `"trace_id":${text(r.trace_id ?? traceIdOf(r.traceparent))},"span_id":${text(r.span_id)},` +
      `"traceparent":${text(r.traceparent)},` +
      `"attributes":${r.attributes === null || r.attributes === undefined ? 'null' : JSON.stringify(r.attributes)}}\n`
    );
  }
}
