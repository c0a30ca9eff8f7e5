import { randomUUID } from 'node:crypto';
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import type { Indices } from '../es/indices';
import type { Selection } from '@runlens/contract';
import { search } from '../es/reads';
import { ApiError, notFound } from '../http/errors';
import type { ExportKind } from './columns';
import { countRequest, exportOrder, exportQuery, PIT_KEEP_ALIVE, type Sort, sweepQuery } from './queries';
import { scanGroups } from './scanPlan';
import { type ExportJob, ExportStore } from './store';
import { type BeforePage, removeQuietly, writeExport } from './writer';

export interface ExportSettings {
  dir: string;
  ttlSeconds: number;
  pageSize: number;
  beforePage?: BeforePage;
}

/** A writer that has not beaten for this long is taken for dead (its backend stopped). */
const STALL_MS = 5 * 60_000;

/** The file name users get: `<script>_runs_data.csv`, several scripts joined with `+`. */
export function fileNameOf(kind: ExportKind, scripts: string[]): string {
  const who =
    scripts.length === 0 ? 'all-scripts' : scripts.length <= 3 ? scripts.join('+') : `${scripts.length}-scripts`;
  return `${who}_${kind}_data.csv`;
}

/** What the API shows of a job: never its point in time or where the file sits. */
export function jobView(job: ExportJob) {
  const { pit_id: _pit, owner: _owner, ...view } = job;
  return view;
}

export class ExportsService {
  private readonly store: ExportStore;
  private readonly dir: string;
  /** Writers running in this process, so shutdown and tests can wait for them. */
  private readonly writers = new Set<Promise<void>>();

  constructor(
    private readonly es: Client,
    private readonly indices: Indices,
    private readonly settings: ExportSettings,
    private readonly log: Logger
  ) {
    this.store = new ExportStore(es, indices.exports);
    this.dir = resolve(settings.dir);
  }

  private fileOf(id: string) {
    return join(this.dir, `${id}.csv`);
  }

  /** Opens a point in time over the selection, counts its rows and starts the writer. */
  async create(owner: string, kind: ExportKind, sel: Selection, sort: Sort): Promise<ExportJob> {
    await mkdir(this.dir, { recursive: true });
    const index = kind === 'runs' ? this.indices.runsPattern : this.indices.logsPattern;
    const query = exportQuery(kind, sel);
    const pit = await this.es.openPointInTime({ index, keep_alive: PIT_KEEP_ALIVE, ignore_unavailable: true });
    let pitId = pit.id;
    try {
      const counted = await search(this.es, countRequest(kind, pitId, query, sort));
      pitId = counted.pit_id ?? pitId;
      const total = counted.hits.total;
      const now = new Date();
      const job: ExportJob = {
        id: randomUUID(),
        owner,
        kind,
        state: 'running',
        file_name: fileNameOf(kind, sel.scripts),
        request: {
          scripts: sel.scripts,
          from: sel.from.toISOString(),
          to: sel.to.toISOString(),
          filters: sel.conditions,
          match: sel.match,
          q: sel.q ?? null,
          ...sort,
        },
        pit_id: pitId,
        rows_expected: typeof total === 'number' ? total : (total?.value ?? 0),
        rows_written: 0,
        bytes: null,
        error: null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        finished_at: null,
        expires_at: new Date(now.getTime() + this.settings.ttlSeconds * 1000).toISOString(),
      };
      const stored = await this.store.create(job);
      const writer = writeExport(
        this.es,
        this.store,
        this.log,
        {
          id: job.id,
          stored,
          kind,
          pitId,
          query,
          groups: scanGroups(counted.aggregations, sort.order),
          order: exportOrder(kind, sort),
          file: this.fileOf(job.id),
        },
        this.settings.pageSize,
        this.settings.beforePage
      ).finally(() => this.writers.delete(writer));
      this.writers.add(writer);
      return job;
    } catch (err) {
      await this.es.closePointInTime({ id: pitId }).catch(() => undefined);
      throw err;
    }
  }

  list(owner: string): Promise<ExportJob[]> {
    return this.store.listOf(owner);
  }

  /** The caller's job; another user's is answered exactly like a job that does not exist. */
  async get(owner: string, id: string): Promise<ExportJob> {
    const found = await this.store.read(id);
    if (!found || found.job.owner !== owner) {
      throw notFound(`export ${id}`);
    }
    return found.job;
  }

  /** The finished file of the caller's job. */
  async download(owner: string, id: string): Promise<{ path: string; name: string }> {
    const job = await this.get(owner, id);
    if (job.state === 'expired') {
      throw new ApiError(410, 'expired', `export ${id} expired at ${job.expires_at}; start it again`);
    }
    if (job.state !== 'done') {
      throw new ApiError(409, 'not_ready', `export ${id} is ${job.state}; only a done export can be downloaded`);
    }
    return { path: this.fileOf(id), name: job.file_name };
  }

  /**
   * Cancels the caller's job: a running writer (on whichever replica) sees the state at its
   * next progress write (progress.ts) and removes its partial file; a finished file is removed here.
   */
  async cancel(owner: string, id: string): Promise<ExportJob> {
    await this.get(owner, id);
    let removeFile = false;
    const job = await this.store.transition(id, (j) => {
      removeFile = j.state === 'done';
      return j.state === 'queued' || j.state === 'running' || j.state === 'done'
        ? { state: 'cancelled', finished_at: new Date().toISOString(), bytes: null }
        : null;
    });
    if (removeFile) {
      await removeQuietly(this.fileOf(id));
    }
    return job!;
  }

  /**
   * Expires finished files past their TTL, fails jobs whose writer died, forgets jobs expired
   * for a further TTL, and removes any file in the directory older than the TTL (partial files
   * of a crashed writer). Safe to run on every replica at once.
   */
  async sweep(now = new Date()): Promise<{ expired: number; stalled: number; files: number }> {
    const ttl = this.settings.ttlSeconds * 1000;
    let expired = 0;
    let stalled = 0;
    for (const job of await this.store.find(sweepQuery(now, new Date(now.getTime() - STALL_MS)))) {
      const after = await this.store.transition(job.id, (j) => {
        if (j.state === 'done' && Date.parse(j.expires_at) < now.getTime()) {
          return { state: 'expired', bytes: null };
        }
        if ((j.state === 'running' || j.state === 'queued') && Date.parse(j.updated_at) < now.getTime() - STALL_MS) {
          return { state: 'failed', error: 'the backend writing this export stopped; start it again' };
        }
        return null;
      });
      if (after?.state === 'expired') {
        expired++;
      } else if (after?.state === 'failed') {
        stalled++;
      }
      if (after?.state === 'expired' || after?.state === 'failed') {
        await removeQuietly(this.fileOf(job.id));
        await removeQuietly(`${this.fileOf(job.id)}.part`);
      }
    }
    await this.store.deleteExpiredBefore(new Date(now.getTime() - ttl));
    let files = 0;
    const names = await readdir(this.dir).catch(() => [] as string[]);
    for (const name of names.filter((n) => /\.csv(\.part)?$/.test(n))) {
      const path = join(this.dir, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtimeMs < now.getTime() - ttl - STALL_MS) {
        await removeQuietly(path);
        files++;
      }
    }
    return { expired, stalled, files };
  }

  /** Resolves once every writer this process started has stopped. */
  async idle(): Promise<void> {
    while (this.writers.size > 0) {
      await Promise.allSettled([...this.writers]);
    }
  }
}
