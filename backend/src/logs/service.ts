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
import { BatchLines, type RunColumns, type RunPart, runPart, type Stamped } from './document';
import { type LogsTimeseriesAggs, logsListRequest, logsTimeseriesRequest } from './queries';

const RUN_FIELDS = ['script', 'function', 'deployment_version', 'source', 'source_type', 'started'] as const;

/** How log ingest finds the runs its lines belong to (the run store); not the store itself. */
export interface RunLookup {
  /** Some fields of several runs, read in real time; runs not stored are absent from the map. */
  findMany<K extends (typeof RUN_FIELDS)[number]>(
    runIds: string[],
    fields: readonly K[]
  ): Promise<Map<string, { doc: Pick<RunColumns & { started: boolean }, K> }>>;
}

const BULK_RETRIES = 4;

// Orders lines within a millisecond: increasing within this process, and a restarted process
// starts above (epoch µs) what an earlier one handed out at normal rates.
let lastSeq = Date.now() * 1000;
const nextSeq = () => ++lastSeq;

export class LogsService {
  /** Run columns by run id: one lookup per run, not per line. */
  private readonly runColumns = new LRUCache<string, RunPart>({ max: 50_000 });

  constructor(
    private readonly es: Client,
    private readonly indices: Indices,
    private readonly runs: RunLookup
  ) {}

  /** The run columns of each run, from the cache or one real-time read for all the others. */
  private async columnsOf(records: LogRecord[]): Promise<Map<string, RunPart>> {
    const columns = new Map<string, RunPart>();
    const missing = new Set<string>();
    for (const { run_id } of records) {
      if (columns.has(run_id) || missing.has(run_id)) {
        continue;
      }
      const cached = this.runColumns.get(run_id);
      if (cached) {
        columns.set(run_id, cached);
      } else {
        missing.add(run_id);
      }
    }
    if (missing.size === 0) {
      return columns;
    }
    for (const [runId, { doc }] of await this.runs.findMany([...missing], RUN_FIELDS)) {
      // Runs not started yet are looked up again with their next line.
      const { started, ...runColumns } = doc;
      if (started) {
        const c = runPart(runColumns);
        this.runColumns.set(runId, c);
        columns.set(runId, c);
      }
    }
    return columns;
  }

  /** Stores a batch; resolves only once Elasticsearch has every line. */
  async ingest(records: LogRecord[]): Promise<string[]> {
    // The runs are looked up while the lines are stamped and their trigrams made.
    const lookup = this.columnsOf(records);
    const now = new Date().toISOString();
    const stamped = records.map((r): Stamped => ({
      log_id: r.log_id ?? randomUUID(),
      timestamp: r.timestamp ?? now,
      seq: r.seq ?? nextSeq(),
      grams: gramsOf(r.message),
    }));
    const batch = new BatchLines(await lookup, (at) => this.indices.logsIndex(at));
    // Only the body's bytes are kept while Elasticsearch writes: the lines' strings are garbage before.
    const body = bytesOf(records.map((r, i) => batch.line(r, stamped[i]!)));
    const ids = stamped.map((s) => s.log_id);
    await this.bulk(body);
    return ids;
  }

  /**
   * Bulk write of NDJSON lines (action and document each); lines Elasticsearch pushes back
   * (429/5xx) are sent again with backoff. The lines are already JSON: the client's own
   * serializer would stringify each object again.
   */
  private async bulk(body: BulkBody): Promise<void> {
    const lineOf = (i: number) => body.bytes.subarray(i === 0 ? 0 : body.ends[i - 1], body.ends[i]);
    let pending = body.ends.map((_, i) => i);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > BULK_RETRIES) {
          throw unavailable();
        }
        await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
      }
      const res = (await this.es.transport.request({
        method: 'POST',
        path: '/_bulk',
        // Only what the retry needs: the full per-line answer costs more to parse than to write.
        querystring: { filter_path: 'errors,items.*.status,items.*.error' },
        bulkBody: attempt === 0 ? body.bytes : Buffer.concat(pending.map(lineOf)),
      })) as Pick<estypes.BulkResponse, 'errors' | 'items'>;
      if (!res.errors) {
        return;
      }
      const retry: number[] = [];
      res.items.forEach((item, j) => {
        const result = Object.values(item)[0]!;
        if (!result.error) {
          return;
        }
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

/** A bulk body and where each of its lines ends. */
interface BulkBody {
  bytes: Buffer;
  ends: number[];
}

/**
 * The UTF-8 bytes of the lines, one after another: each line is written into one buffer,
 * without first joining them into one string (a copy and a flattening of every line).
 */
function bytesOf(lines: string[]): BulkBody {
  let chars = 0;
  for (const line of lines) {
    chars += line.length;
  }
  // Room for mostly ASCII text; grown when a line might not fit (UTF-8 is at most 3 bytes per UTF-16 unit).
  let bytes = Buffer.allocUnsafe(Math.ceil(chars * 1.1) + 1024);
  let used = 0;
  const ends: number[] = [];
  for (const line of lines) {
    if (used + line.length * 3 > bytes.length) {
      const needed = used + Buffer.byteLength(line);
      if (needed > bytes.length) {
        const grown = Buffer.allocUnsafe(Math.max(needed, bytes.length * 2));
        bytes.copy(grown, 0, 0, used);
        bytes = grown;
      }
    }
    used += bytes.write(line, used);
    ends.push(used);
  }
  return { bytes: bytes.subarray(0, used), ends };
}
