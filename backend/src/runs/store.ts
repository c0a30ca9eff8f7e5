import { type Client, errors as esErrors } from '@elastic/elasticsearch';
import type { Indices } from '../es/indices';
import type { RunDoc } from './lifecycle';

interface Found {
  doc: RunDoc;
  index: string;
  seq: { if_seq_no: number; if_primary_term: number };
}

const MONTH_MS = 31 * 86_400_000;

/**
 * Reads and writes run documents by id. A run lives in the monthly index of the time it
 * was first seen; lookups read that month and its neighbours by id (real-time, unlike search),
 * so a finish that arrives just after its start always finds it.
 */
export class RunStore {
  constructor(
    private readonly es: Client,
    private readonly indices: Indices
  ) {}

  private candidates(hint: Date): string[] {
    const t = hint.getTime();
    return [...new Set([t, t - MONTH_MS, t + MONTH_MS].map((x) => this.indices.runsIndex(new Date(x))))];
  }

  async find(runId: string, hint: Date): Promise<Found | null> {
    return (await this.findMany([[runId, hint]])).get(runId) ?? null;
  }

  /** Several runs in one real-time read; runs not stored are absent from the map. */
  async findMany(runs: Array<[runId: string, hint: Date]>): Promise<Map<string, Found>> {
    const found = new Map<string, Found>();
    if (runs.length === 0) {
      return found;
    }
    const res = await this.es.mget<RunDoc>({
      docs: runs.flatMap(([runId, hint]) => this.candidates(hint).map((index) => ({ _index: index, _id: runId }))),
    });
    for (const d of res.docs) {
      if ('found' in d && d.found && d._source && !found.has(d._id)) {
        found.set(d._id, {
          doc: d._source,
          index: d._index,
          seq: { if_seq_no: d._seq_no!, if_primary_term: d._primary_term! },
        });
      }
    }
    return found;
  }

  /**
   * Applies an event with optimistic concurrency: read, merge, conditional write, and again
   * on a conflict. Returns the stored document and whether this call changed it.
   */
  async apply(
    runId: string,
    hint: Date,
    merge: (existing: RunDoc | null) => RunDoc | null | Promise<RunDoc | null>
  ): Promise<{ doc: RunDoc; created: boolean; changed: boolean }> {
    for (;;) {
      const found = await this.find(runId, hint);
      const next = await merge(found?.doc ?? null);
      if (!next) {
        return { doc: found!.doc, created: false, changed: false };
      }
      try {
        if (found) {
          await this.es.index({ index: found.index, id: runId, document: next, ...found.seq });
        } else {
          await this.es.create({ index: this.indices.runsIndex(hint), id: runId, document: next });
        }
        return { doc: next, created: !found, changed: true };
      } catch (err) {
        if (!(err instanceof esErrors.ResponseError && err.statusCode === 409)) {
          throw err;
        }
      }
    }
  }
}
