import { randomUUID } from 'node:crypto';
import type { Client, estypes } from '@elastic/elasticsearch';
import { LRUCache } from 'lru-cache';
import { LOG_LEVELS, type LogRecord, type Page, type Selection } from '@runlens/contract';
import { aggregationsOf } from '../es/aggregations';
import type { Indices } from '../es/indices';
import { search } from '../es/reads';
import { timeZoneRefused } from '../filters/buckets';
import { cursorRefused, pageOf, searchAfterOf } from '../filters/paging';
import { gramsOf } from '../filters/substring';
import { unavailable } from '../http/errors';
import { type LogsTimeseriesAggs, logsListRequest, logsTimeseriesRequest } from './queries';

/** Run columns copied onto each log line, so logs filter by them without a join. */
type RunColumns = Pick<LogRecord, 'script' | 'function' | 'deployment_version' | 'source' | 'source_type'>;
const RUN_COLUMNS = ['script', 'function', 'deployment_version', 'source', 'source_type'] as const;

/** How log ingest finds the runs its lines belong to (the run store); not the store itself. */
export interface RunLookup {
  /** Several runs in one real-time read; runs not stored are absent from the map. */
  findMany(runIds: string[]): Promise<Map<string, { doc: RunColumns & { started: boolean } }>>;
}

const BULK_RETRIES = 4;

// Orders lines within a millisecond: increasing within this process, and a restarted process
// starts above (epoch µs) what an earlier one handed out at normal rates.
let lastSeq = Date.now() * 1000;
const nextSeq = () => ++lastSeq;

export class LogsService {
  /** Run columns by run id: one lookup per run, not per line. */
  private readonly runColumns = new LRUCache<string, RunColumns>({ max: 50_000 });

  constructor(
    private readonly es: Client,
    private readonly indices: Indices,
    private readonly runs: RunLookup
  ) {}

  /** The run columns of each run, from the cache or one real-time read for all the others. */
  private async columnsOf(runIds: Set<string>): Promise<Map<string, RunColumns>> {
    const columns = new Map<string, RunColumns>();
    const missing: string[] = [];
    for (const runId of runIds) {
      const cached = this.runColumns.get(runId);
      if (cached) {
        columns.set(runId, cached);
      } else {
        missing.push(runId);
      }
    }
    for (const [runId, found] of await this.runs.findMany(missing)) {
      // Runs not started yet are looked up again with their next line.
      if (found.doc.started) {
        const c = Object.fromEntries(RUN_COLUMNS.map((k) => [k, found.doc[k]])) as RunColumns;
        this.runColumns.set(runId, c);
        columns.set(runId, c);
      }
    }
    return columns;
  }

  /** Stores a batch; resolves only once Elasticsearch has every line. */
  async ingest(records: LogRecord[]): Promise<string[]> {
    const now = new Date().toISOString();
    const columns = await this.columnsOf(new Set(records.map((r) => r.run_id)));

    const ids: string[] = [];
    const operations: estypes.BulkOperationContainer[] = [];
    const documents: unknown[] = [];
    for (const r of records) {
      const run = columns.get(r.run_id);
      const log_id = r.log_id ?? randomUUID();
      const timestamp = r.timestamp ?? now;
      const doc = {
        log_id,
        run_id: r.run_id,
        // What the line says wins; the run fills in the rest.
        ...Object.fromEntries(RUN_COLUMNS.map((k) => [k, r[k] ?? run?.[k] ?? null])),
        level: r.level,
        message: r.message,
        message_grams: gramsOf(r.message),
        timestamp,
        seq: r.seq ?? nextSeq(),
        trace_id: r.trace_id ?? traceIdOf(r.traceparent) ?? null,
        span_id: r.span_id ?? null,
        traceparent: r.traceparent ?? null,
        attributes: r.attributes ?? null,
      };
      ids.push(log_id);
      operations.push({ index: { _index: this.indices.logsIndex(new Date(timestamp)), _id: log_id } });
      documents.push(doc);
    }
    await this.bulk(operations, documents);
    return ids;
  }

  /** Bulk write; lines Elasticsearch pushes back (429/5xx) are sent again with backoff. */
  private async bulk(operations: estypes.BulkOperationContainer[], documents: unknown[]): Promise<void> {
    let pending = operations.map((_, i) => i);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > BULK_RETRIES) throw unavailable();
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
      const res = await this.es.bulk({
        operations: pending.flatMap((i) => [operations[i]!, documents[i]]),
        // Only what the retry needs: the full per-line answer costs more to parse than to write.
        filter_path: 'errors,items.*.status,items.*.error',
      });
      if (!res.errors) return;
      const retry: number[] = [];
      res.items.forEach((item, j) => {
        const result = Object.values(item)[0]!;
        if (!result.error) return;
        if (result.status === 429 || result.status >= 500) {
          retry.push(pending[j]!);
        } else {
          // Every field Elasticsearch could refuse is validated before the write, so this is a
          // bug of ours, not the caller's: its details stay in our log, not in the answer.
          throw new Error(`Elasticsearch refused log line ${pending[j]}: ${result.error.type}: ${result.error.reason}`);
        }
      });
      pending = retry;
    }
  }

  async list(sel: Selection, page: Page) {
    const res = await search<Record<string, unknown>>(
      this.es,
      logsListRequest(this.indices.logsPattern, sel, page, searchAfterOf(page, sel)),
      { badRequest: page.cursor ? cursorRefused : undefined }
    );
    return pageOf(res, page, sel, (doc) => doc);
  }

  async timeseries(sel: Selection, interval: string, timeZone: string) {
    const res = await search<unknown, LogsTimeseriesAggs>(
      this.es,
      logsTimeseriesRequest(this.indices.logsPattern, sel, interval, timeZone),
      { badRequest: timeZoneRefused }
    );
    const buckets = aggregationsOf(res).series.buckets;
    return {
      interval,
      buckets: buckets.map((b) => ({
        time: new Date(b.key).toISOString(),
        total_logs: b.doc_count,
        // Every level, zero included, so each series has a point in every bucket.
        by_level: Object.fromEntries(
          LOG_LEVELS.map((l) => [l, b.levels.buckets.find((x) => x.key === l)?.doc_count ?? 0])
        ),
      })),
    };
  }
}

/** The trace id inside a W3C traceparent (`00-<trace>-<span>-<flags>`). */
function traceIdOf(traceparent: string | null | undefined): string | undefined {
  return traceparent?.split('-')[1];
}
