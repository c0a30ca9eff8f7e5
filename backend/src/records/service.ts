import type { Client } from '@elastic/elasticsearch';
import type { Page, RecordResponse, Selection } from '@runlens/contract';
import type { Indices } from '../es/indices';
import { msearch } from '../es/reads';
import { searchAfterOf, totalOf } from '../filters/paging';
import { notFound } from '../http/errors';
import { runRecord } from '../runs/service';
import { neighbourSearches, readNeighbours, readRecord, recordSearches } from './queries';

/**
 * The record view of one run, composed from both components: the run (runs/), its logs
 * (logs/) and its neighbours in the caller's list, so that neither imports the other.
 */
export class RecordService {
  constructor(
    private readonly es: Client,
    private readonly indices: Indices
  ) {}

  /** The run, its logs in order, and its neighbours in the caller's list (null at either end or outside it). */
  async record(runId: string, sel: Selection, page: Page): Promise<RecordResponse> {
    // The cursor is not used here, but it is the list's: a bad one is refused alike.
    searchAfterOf(page, sel);
    const found = readRecord(await msearch(this.es, recordSearches(this.indices, runId, sel, page)));
    if (!found.run) {
      throw notFound(`run ${runId}`);
    }
    const neighbours = found.position
      ? readNeighbours(await msearch(this.es, neighbourSearches(this.indices, sel, page, found.position)))
      : { prev: null, next: null };
    return {
      run: runRecord(found.run),
      logs: found.logs,
      logs_total: totalOf({ hits: { total: found.logsTotal } }),
      prev_run_id: neighbours.prev,
      next_run_id: neighbours.next,
    };
  }
}
