import type { Client, estypes } from '@elastic/elasticsearch';
import { logSort } from '../logs/queries';
import { compareCursors, type Cursor, cursorOf } from './cursor';

/**
 * Reads the log lines of a selection that became visible since the last read, by polling
 * Elasticsearch in log sort order. Lines can become searchable out of order (different
 * writers, one refresh apart), so each read looks back `lookbackMs` behind the newest line sent and
 * skips the ids already sent; event ids are the high-water mark, so a client resuming with
 * Last-Event-ID on any instance gets what followed it.
 */
export interface TailOptions {
  /** The indices that can hold lines from `floorMs` on (a poll reads only those). */
  indices: (floorMs: number) => string;
  /** The selection without its time range. */
  query: estypes.QueryDslQueryContainer;
  /** Resume strictly after this position (Last-Event-ID). */
  after?: Cursor;
  /** Earliest timestamp (epoch ms) to read. */
  fromMs: number;
  lookbackMs: number;
  /** Remember every id sent, not only those inside the look-back (a run's stream, bounded). */
  rememberAll?: boolean;
}

export interface TailLine {
  /** The line's own position. */
  key: Cursor;
  /** The event id: the newest position sent once this line is. */
  cursor: Cursor;
  doc: Record<string, unknown>;
}

const PAGE = 1000;
const MAX_PAGES = 5;
const MAX_REMEMBERED = 200_000;

export class LogTail {
  private readonly sent = new Map<string, number>();
  private highWater: Cursor | undefined;

  constructor(
    private readonly es: Client,
    private readonly opts: TailOptions
  ) {
    this.highWater = opts.after;
  }

  /** The position to resume from: the newest line sent so far. */
  position(): Cursor | undefined {
    return this.highWater;
  }

  private search(range: estypes.QueryDslRangeQuery, searchAfter?: estypes.SortResults): estypes.MsearchMultisearchBody {
    return {
      query: { bool: { filter: [this.opts.query, { range: { timestamp: { ...range, format: 'epoch_millis' } } }] } },
      sort: logSort({ sort: 'timestamp', order: 'asc' }),
      size: PAGE,
      search_after: searchAfter,
      _source: { excludes: ['attributes'] },
    };
  }

  /**
   * New lines in sort order: those after the newest one sent, and any that became visible
   * late inside the look-back window. `full` looks back to the start instead (the last read
   * of a run, when its stdout batch may carry older timestamps).
   */
  async read(full = false): Promise<TailLine[]> {
    const hw = this.highWater;
    const floor = full
      ? this.opts.fromMs
      : Math.max(this.opts.fromMs, (hw?.[0] ?? this.opts.fromMs) - this.opts.lookbackMs);
    // Behind the newest line sent (late arrivals) and after it (new lines): one round trip.
    const bodies = hw
      ? [this.search({ gte: floor, lte: hw[0] }), this.search({ gte: floor }, hw)]
      : [this.search({ gte: floor })];
    const header = { index: this.opts.indices(floor), allow_no_indices: true, ignore_unavailable: true };
    const res = await this.es.msearch<Record<string, unknown>>({ searches: bodies.flatMap((b) => [header, b]) });
    const out: TailLine[] = [];
    for (const [i, r] of res.responses.entries()) {
      if ('error' in r) {
        throw new Error(`tail search failed: ${r.error.reason ?? r.error.type}`);
      }
      let hits = r.hits.hits;
      for (let page = 1; ; page++) {
        this.take(hits, out);
        const last = hits.at(-1);
        if (hits.length < PAGE || page >= MAX_PAGES || !last) {
          break;
        }
        hits = (await this.es.search<Record<string, unknown>>({ ...header, ...bodies[i]!, search_after: last.sort }))
          .hits.hits;
      }
    }
    out.sort((a, b) => compareCursors(a.key, b.key));
    for (const line of out) {
      if (!this.highWater || compareCursors(line.key, this.highWater) > 0) {
        this.highWater = line.key;
      }
      line.cursor = this.highWater;
    }
    this.forget();
    return out;
  }

  private take(hits: Array<estypes.SearchHit<Record<string, unknown>>>, out: TailLine[]) {
    for (const hit of hits) {
      const key = cursorOf(hit.sort);
      if (this.opts.after && compareCursors(key, this.opts.after) <= 0) {
        continue;
      }
      if (this.sent.has(key[2])) {
        continue;
      }
      this.sent.set(key[2], key[0]);
      out.push({ key, cursor: key, doc: hit._source! });
    }
  }

  private forget() {
    const floor = (this.highWater?.[0] ?? 0) - this.opts.lookbackMs;
    if (this.opts.rememberAll && this.sent.size < MAX_REMEMBERED) {
      return;
    }
    for (const [id, ts] of this.sent) {
      if (ts < floor) {
        this.sent.delete(id);
      }
    }
  }
}
