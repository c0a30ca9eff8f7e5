import { createWriteStream } from 'node:fs';
import { rename, stat, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Client } from '@elastic/elasticsearch';
import { unparse } from 'papaparse';
import type { Logger } from 'pino';
import { COLUMNS, recordOf } from './columns';
import { type Hit, type Scan, scanPages } from './scan';
import { Progress } from './progress';
import { TieOrder } from './ties';
import type { ExportStore, Versioned } from './store';

/** Test seam: awaited before each page is written (lets a test hold the writer mid-export). */
export type BeforePage = (jobId: string, page: number) => Promise<void>;

export interface WriteTask extends Scan {
  id: string;
  /** The job as the writer last stored it: its heartbeats are conditional on that version. */
  stored: Versioned;
  /** Where the finished file goes; rows are written to `<file>.part` until then. */
  file: string;
}

class Stopped extends Error {}

/**
 * A text cell starting with = + - @ tab or CR, or their full-width forms, gets a leading single
 * quote, so a spreadsheet shows it as text instead of running it (CSV injection). Number cells
 * are left alone: -5 in a numeric column is a value.
 */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export const removeQuietly = (path: string) => unlink(path).catch(() => undefined);

/**
 * Writes one export: pages of rows from the point in time, each page turned into CSV and
 * streamed to the file with backpressure, so memory holds about two pages whatever the
 * total. Progress is stored beside the pages (progress.ts): a cancel from any replica makes
 * its next write fail, the writer stops there, and the partial file is removed.
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

  const headers = COLUMNS[task.kind].map((c) => c.header);
  // One CSV chunk per page: a page written in one go costs a fraction of a stream record by
  // record. The first chunk carries a byte-order mark (spreadsheets then read UTF-8) and the header.
  const csvOf = (rows: Hit[], first: boolean) => {
    const body = rows.length
      ? unparse(
          rows.map((row) => recordOf(task.kind, row._source ?? {})),
          { header: false, newline: '\n', escapeFormulae: FORMULA_START }
        ) + '\n'
      : '';
    return first ? `\ufeff${unparse([headers], { newline: '\n' })}\n${body}` : body;
  };

  const progress = new Progress(store, task.id, task.stored, () => ({ rows: written, pitId }));

  // The next page is already on its way while this one is turned into CSV and written.
  async function* chunks() {
    const ties = new TieOrder(task.order.tiebreak);
    const pages = scanPages(es, task, pageSize);
    let next = pages.next();
    for (let page = 0; ; page++) {
      const read = await next;
      if (read.done) {
        return;
      }
      const { hits, last } = read.value;
      pitId = read.value.pitId;
      if (!last) {
        next = pages.next();
        // Until awaited above, a failed prefetch must not count as unhandled.
        next.catch(() => undefined);
      }
      const ready = ties.read(hits);
      if (last) {
        ready.push(...ties.flush());
      }
      const csv = csvOf(ready, page === 0);
      await beforePage?.(task.id, page);
      // No page is written once the job is no longer this writer's.
      if (!progress.stillOurs()) {
        throw new Stopped();
      }
      yield csv;
      written += hits.length;
      progress.advanced();
      if (last) {
        return;
      }
    }
  }

  try {
    await pipeline(Readable.from(chunks()), createWriteStream(part));
    if (!(await progress.settled())) {
      throw new Stopped();
    }
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
