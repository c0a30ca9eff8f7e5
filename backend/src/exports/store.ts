import { type Client, type estypes, errors } from '@elastic/elasticsearch';
import type { ExportKind } from './columns';

/**
 * Export jobs as documents in Elasticsearch, not in process memory: any replica answers for
 * any job, and a restart forgets nothing. State changes are conditional on the version read,
 * so a cancel and a writer finishing at the same moment cannot overwrite each other.
 */
export type ExportState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'expired';

export interface ExportJob {
  id: string;
  owner: string;
  kind: ExportKind;
  state: ExportState;
  file_name: string;
  request: Record<string, unknown>;
  pit_id: string | null;
  rows_expected: number;
  rows_written: number;
  bytes: number | null;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  expires_at: string;
}

/** The version a conditional write names: it fails if anyone wrote the job since. */
export type Version = { if_seq_no: number; if_primary_term: number };

export interface Versioned {
  job: ExportJob;
  seq: Version;
}

const versionOf = (res: { _seq_no?: number; _primary_term?: number }): Version => ({
  if_seq_no: res._seq_no!,
  if_primary_term: res._primary_term!,
});

const isConflict = (err: unknown) => err instanceof errors.ResponseError && err.statusCode === 409;

export class ExportStore {
  constructor(
    private readonly es: Client,
    private readonly index: string
  ) {}

  async create(job: ExportJob): Promise<Versioned> {
    // Visible to the caller's list as soon as the POST answers. A forced refresh of this small
    // index answers at once, where waiting for the next scheduled refresh cost up to a second.
    const res = await this.es.create({ index: this.index, id: job.id, document: job, refresh: true });
    return { job, seq: versionOf(res) };
  }

  /** A real-time read: the latest version whichever replica wrote it. */
  async read(id: string): Promise<Versioned | null> {
    try {
      const res = await this.es.get<ExportJob>({ index: this.index, id });
      return { job: res._source!, seq: versionOf(res) };
    } catch (err) {
      if (err instanceof errors.ResponseError && err.statusCode === 404) {
        return null;
      }
      throw err;
    }
  }

  /**
   * Applies `change` to the job as last stored, retrying on a concurrent write; `change` returns
   * null to leave the job as it is. Resolves to the job as stored afterwards.
   */
  async transition(id: string, change: (job: ExportJob) => Partial<ExportJob> | null): Promise<ExportJob | null> {
    for (;;) {
      const current = await this.read(id);
      if (!current) {
        return null;
      }
      const patch = change(current.job);
      if (!patch) {
        return current.job;
      }
      const job = { ...current.job, ...patch, updated_at: new Date().toISOString() };
      try {
        await this.es.index({ index: this.index, id, document: job, ...current.seq });
        return job;
      } catch (err) {
        if (!isConflict(err)) {
          throw err;
        }
      }
    }
  }

  /**
   * The writer's heartbeat: rows written so far, stored only if nobody wrote the job since the
   * writer's last write (a cancel, the sweep failing a stalled job); null when somebody did. One
   * conditional write a page, where an update and a read cost two.
   */
  async progress(last: Versioned, rows: number, pitId: string): Promise<Versioned | null> {
    const job = { ...last.job, rows_written: rows, pit_id: pitId, updated_at: new Date().toISOString() };
    try {
      const res = await this.es.index({ index: this.index, id: job.id, document: job, ...last.seq });
      return { job, seq: versionOf(res) };
    } catch (err) {
      if (isConflict(err)) {
        return null;
      }
      throw err;
    }
  }

  /** The owner's jobs, newest first; read back in real time, so states are as fresh as `read`. */
  async listOf(owner: string, size = 100): Promise<ExportJob[]> {
    const res = await this.es.search({
      index: this.index,
      query: { term: { owner } },
      sort: [{ created_at: 'desc' }],
      size,
      _source: false,
    });
    const ids = res.hits.hits.map((h) => h._id!);
    if (ids.length === 0) {
      return [];
    }
    const docs = await this.es.mget<ExportJob>({ index: this.index, ids, realtime: true });
    return docs.docs.flatMap((d) => ('found' in d && d.found && d._source ? [d._source] : []));
  }

  async find(query: estypes.QueryDslQueryContainer, size = 1000): Promise<ExportJob[]> {
    const res = await this.es.search<ExportJob>({ index: this.index, query, size });
    return res.hits.hits.map((h) => h._source!);
  }

  /** Drops the records of jobs that expired long ago (delete-by-query is not in the minimal distribution). */
  async deleteExpiredBefore(before: Date): Promise<number> {
    const res = await this.es.search({
      index: this.index,
      query: { range: { expires_at: { lt: before.toISOString() } } },
      size: 1000,
      _source: false,
    });
    const ids = res.hits.hits.map((h) => h._id!);
    if (ids.length > 0) {
      await this.es.bulk({ operations: ids.map((id) => ({ delete: { _index: this.index, _id: id } })) });
    }
    return ids.length;
  }
}
