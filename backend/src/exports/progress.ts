import type { ExportStore, Versioned } from './store';

/**
 * A writer's progress in the job store: the rows written so far, one conditional write at a
 * time, trailing the pages instead of gating them. A write costs an fsync on Elasticsearch,
 * which took 60–300 ms while other indexing loaded the disk: waited for page by page, it set
 * the export's pace. The writer asks `stillOurs` before each page, which answers from the
 * writes settled so far; a cancel or the sweep makes the next write conflict, and the writer
 * stops within about one write of it (the partial file is removed either way).
 */
export class Progress {
  private inFlight: Promise<void> | null = null;
  /** Rows written since the write in flight started: another write follows it. */
  private behind = false;
  private lost = false;
  private failure: { error: unknown } | null = null;

  constructor(
    private readonly store: ExportStore,
    private readonly jobId: string,
    private stored: Versioned,
    private readonly now: () => { rows: number; pitId: string }
  ) {}

  /** After each page: stores the count, now or as soon as the write in flight is done. */
  advanced(): void {
    if (this.lost || this.failure) {
      return;
    }
    if (this.inFlight) {
      this.behind = true;
      return;
    }
    this.inFlight = this.writeWhileBehind().finally(() => (this.inFlight = null));
  }

  /** False once the job is no longer this writer's (cancelled, failed by the sweep); throws what a write threw. */
  stillOurs(): boolean {
    if (this.failure) {
      throw this.failure.error;
    }
    return !this.lost;
  }

  /** Waits for the writes on their way, then answers as `stillOurs`. */
  async settled(): Promise<boolean> {
    while (this.inFlight) {
      await this.inFlight;
    }
    return this.stillOurs();
  }

  private async writeWhileBehind(): Promise<void> {
    try {
      do {
        this.behind = false;
        if (!(await this.writeOnce())) {
          this.lost = true;
          return;
        }
      } while (this.behind);
    } catch (error) {
      this.failure = { error };
    }
  }

  private async writeOnce(): Promise<boolean> {
    for (;;) {
      const { rows, pitId } = this.now();
      const next = await this.store.progress(this.stored, rows, pitId);
      if (next) {
        this.stored = next;
        return true;
      }
      // Somebody wrote the job since: still running (another field changed), write on that version.
      const current = await this.store.read(this.jobId);
      if (current?.job.state !== 'running') {
        return false;
      }
      this.stored = current;
    }
  }
}
