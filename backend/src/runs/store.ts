import { type Client, errors as esErrors } from '@elastic/elasticsearch';
import type { Indices } from '../es/indices';
import { gramsOf } from '../filters/substring';
import type { RunDoc } from './lifecycle';

interface Found<Doc = RunDoc> {
  doc: Doc;
  index: string;
  seq: { if_seq_no: number; if_primary_term: number };
}

/** Where a run's document lives: one small document per run, id = run_id. */
export interface RunLocation {
  index: string;
  claimed_at: string;
}

const isConflict = (err: unknown) => err instanceof esErrors.ResponseError && err.statusCode === 409;

/**
 * Run identity and placement. A run is one document, in the monthly runs index of the first
 * of its events that reached us (its start, or a finish that came first), so retention still
 * drops whole months. Which index that is gets recorded once, in the run-locations index,
 * with a create-only write keyed by run_id: every later event reads it in real time by id, so
 * no gap between start, finish and logs (days, months, years) can make a second copy, and two
 * events racing to be first agree on one place because only one create of that key succeeds.
 * (Placing by the run's start instead would need the start to move a finish-first document,
 * which cannot be done atomically; guessing neighbouring months by the event's time is what
 * made duplicates.)
 */
export class RunStore {
  constructor(
    private readonly es: Client,
    private readonly indices: Indices
  ) {}

  private async locate(runId: string): Promise<RunLocation | null> {
    const res = await this.es.get<RunLocation>({ index: this.indices.runLocations, id: runId }, { ignore: [404] });
    return res.found && res._source ? res._source : null;
  }

  /** Claims the run's place; false when another event claimed it first. */
  private async claim(runId: string, index: string): Promise<boolean> {
    try {
      await this.es.create({
        index: this.indices.runLocations,
        id: runId,
        document: { index, claimed_at: new Date().toISOString() } satisfies RunLocation,
      });
      return true;
    } catch (err) {
      if (isConflict(err)) {
        return false;
      }
      throw err;
    }
  }

  private async read(runId: string, index: string): Promise<Found | null> {
    const res = await this.es.get<RunDoc>({ index, id: runId }, { ignore: [404] });
    if (!res.found || !res._source) {
      return null;
    }
    return { doc: res._source, index, seq: { if_seq_no: res._seq_no!, if_primary_term: res._primary_term! } };
  }

  /**
   * Several runs in two real-time reads (places, then documents); runs not stored are absent.
   * With `fields`, only those of each document are read (a run's input and output can be large).
   */
  async findMany<K extends keyof RunDoc = keyof RunDoc>(
    runIds: string[],
    fields?: readonly K[]
  ): Promise<Map<string, Found<Pick<RunDoc, K>>>> {
    const found = new Map<string, Found<Pick<RunDoc, K>>>();
    if (runIds.length === 0) {
      return found;
    }
    // Only what is used of each answer (log ingest reads up to a batch's worth of runs at once).
    const places = await this.es.mget<RunLocation>({
      index: this.indices.runLocations,
      ids: runIds,
      _source: ['index'],
      filter_path: ['docs._id', 'docs.found', 'docs._source'],
    });
    const docs = places.docs.flatMap((d) =>
      'found' in d && d.found && d._source ? [{ _index: d._source.index, _id: d._id }] : []
    );
    if (docs.length === 0) {
      return found;
    }
    const res = await this.es.mget<Pick<RunDoc, K>>({
      docs,
      _source: fields ? [...fields] : undefined,
      filter_path: ['docs._id', 'docs._index', 'docs.found', 'docs._source', 'docs._seq_no', 'docs._primary_term'],
    });
    for (const d of res.docs) {
      if ('found' in d && d.found && d._source) {
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
   * Applies an event with optimistic concurrency: find the run's place (claiming it, for the
   * first event, in the month of `at`), read, merge, conditional write, and again on a
   * conflict. Returns the stored document and whether this call changed it.
   */
  async apply(
    runId: string,
    at: Date,
    merge: (existing: RunDoc | null) => RunDoc | null | Promise<RunDoc | null>
  ): Promise<{ doc: RunDoc; created: boolean; changed: boolean }> {
    for (;;) {
      const place = await this.locate(runId);
      const found = place ? await this.read(runId, place.index) : null;
      const next = await merge(found?.doc ?? null);
      if (!next) {
        return { doc: found!.doc, created: false, changed: false };
      }
      // The run's place is claimed only once there is something to store (a refused start claims nothing).
      const index = place?.index ?? this.indices.runsIndex(at);
      if (!place && !(await this.claim(runId, index))) {
        continue;
      }
      // The stored document also carries the substring index of its error (filters/substring.ts).
      const document = { ...next, error_grams: gramsOf(next.error) };
      try {
        if (found) {
          await this.es.index({ index, id: runId, document, ...found.seq });
        } else {
          // Also after a crash between the claim and this write: the place is known, the document not yet.
          await this.es.create({ index, id: runId, document });
        }
        return { doc: next, created: !found, changed: true };
      } catch (err) {
        if (!isConflict(err)) {
          throw err;
        }
      }
    }
  }
}
