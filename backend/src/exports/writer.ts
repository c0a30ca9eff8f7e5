import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client, estypes } from '@elastic/elasticsearch';
import { stringify } from 'csv-stringify';
import type { Logger } from 'pino';
import { COLUMNS, type ExportKind, recordOf } from './columns';
import { type ExportOrder, pageRequest } from './queries';
import { TieOrder } from './ties';
import type { ExportStore } from './store';

/** Test seam: awaited before each page is read (lets a test hold the writer mid-export). */
export type BeforePage = (jobId: string, page: number) => Promise<void>;

export interface WriteTask {
  id: string;
  kind: ExportKind;
  pitId: string;
  query: estypes.QueryDslQueryContainer;
  order: ExportOrder;
  /** Where the finished file goes; rows are written to `<file>.part` until then. */
  file: string;
}

class Stopped extends Error {}

export const removeQuietly = (path: string) => unlink(path).catch(() => undefined);

/**
 * Writes one export: pages of rows from the point in time, each page turned into CSV records
 * and streamed to the file with backpressure, so memory holds about one page whatever the
 * total. Between pages it re-reads the job from Elasticsearch: a cancel from any replica stops
 * it there, and the partial file is removed.
 */
export async function writeExport(
  es: Client,
  store: ExportStore,
  log: Logger,
  task: WriteTask,
  pageSize: number,
  beforePage?: BeforePage
): Promise<void> {
  const part = `${task.file}.part`;
  let pitId = task.pitId;
  let written = 0;

  const fetchPage = async (after?: estypes.SortResults) => {
    const res = await es.search<Record<string, unknown>>(
      pageRequest(task.kind, pitId, task.query, task.order.sort, pageSize, after)
    );
    pitId = res.pit_id ?? pitId;
    return res.hits.hits;
  };

  // The next page is already on its way while this one is turned into CSV and written.
  async function* records() {
    const ties = new TieOrder(task.order.tiebreak);
    let next = fetchPage();
    let progressed: Promise<void> = Promise.resolve();
    for (let page = 0; ; page++) {
      // Progress of the page before is stored before the job is looked at again.
      await progressed;
      await beforePage?.(task.id, page);
      const [current, hits] = await Promise.all([store.read(task.id), next]);
      if (current?.job.state !== 'running') {
        next.catch(() => undefined);
        throw new Stopped();
      }
      const full = hits.length === pageSize;
      if (full) {
        next = fetchPage(hits[hits.length - 1]!.sort);
        // Until awaited above, a failed prefetch must not count as unhandled.
        next.catch(() => undefined);
      }
      for (const hit of hits) {
        for (const row of ties.push(hit)) {
          yield recordOf(task.kind, row._source ?? {});
        }
      }
      written += hits.length;
      progressed = store.progress(task.id, written, pitId);
      if (!full) {
        for (const row of ties.flush()) {
          yield recordOf(task.kind, row._source ?? {});
        }
        await progressed;
        return;
      }
      // Not awaited yet: a failure surfaces at the top of the loop, never as unhandled.
      progressed.catch(() => undefined);
    }
  }

  try {
    await pipeline(
      Readable.from(records()),
      stringify({
        // A byte-order mark, so spreadsheets read the file as UTF-8.
        bom: true,
        header: true,
        columns: COLUMNS[task.kind].map((c) => c.header),
        // A text cell starting with = + - @ tab or CR (or their full-width forms) gets a leading
        // single quote, so a spreadsheet shows it as text instead of running it (CSV injection).
        // Number cells are left alone: -5 in a numeric column is a value.
        escape_formulas: true,
      }),
      createWriteStream(part)
    );
    await rename(part, task.file);
    const { size } = await stat(task.file);
    const finished = await store.transition(task.id, (job) =>
      job.state === 'running'
        ? { state: 'done', rows_written: written, bytes: size, finished_at: new Date().toISOString() }
        : null
    );
    if (finished?.state !== 'done') {
      // Cancelled after the last page: the file is not anyone's any more.
      await removeQuietly(task.file);
    }
  } catch (err) {
    await removeQuietly(part);
    if (!(err instanceof Stopped)) {
      log.warn({ export: task.id, err: (err as Error).message }, 'export failed');
      await store
        .transition(task.id, (job) =>
          job.state === 'running' ? { state: 'failed', error: 'reading the rows failed; start the export again' } : null
        )
        .catch(() => undefined);
    }
  } finally {
    await es.closePointInTime({ id: pitId }).catch(() => undefined);
  }
}
