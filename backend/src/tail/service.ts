import type { Client, estypes } from '@elastic/elasticsearch';
import { type Indices, logIndicesFrom } from '../es/indices';
import type { Selection } from '@runlens/contract';
import { notFound } from '../http/errors';
import { logsQuery } from '../logs/queries';
import type { RunStore } from '../runs/store';
import { type Cursor, encodeCursor } from './cursor';
import { EventStream } from './sse';
import { LogTail, type TailLine } from './tail';

export interface TailSettings {
  pollMs: number;
  heartbeatMs: number;
  /** A stream ends after this long; the client reconnects with Last-Event-ID. */
  maxMs: number;
  lookbackMs: number;
}

// A finished run's last lines become searchable within one refresh (1 s) of its finish.
const SETTLE_MS = 1200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Live tails as SSE: a run's log lines until it ends, or a logs selection's as they come. */
export class TailService {
  constructor(
    private readonly es: Client,
    private readonly indices: Indices,
    private readonly runs: RunStore,
    private readonly settings: TailSettings
  ) {}

  /** Throws 404 (before any event) when the run is not known. */
  async openRun(runId: string, after: Cursor | undefined) {
    // The run store knows where every run lives (its locations index), however old the run.
    const started = (await this.runs.findMany([runId])).get(runId);
    if (!started) {
      throw notFound(`run ${runId}`);
    }
    const tail = new LogTail(this.es, {
      indices: (floorMs) => logIndicesFrom(this.indices, floorMs),
      query: { term: { run_id: runId } },
      after,
      fromMs: after?.[0] ?? 0,
      lookbackMs: this.settings.lookbackMs,
      rememberAll: true,
    });
    return {
      tail,
      // A run never moves: each poll reads its status where it was found, in one get.
      status: async () => {
        const res = await this.es.get<{ status?: string }>(
          { index: started.index, id: runId, _source_includes: ['status'], realtime: true },
          { ignore: [404] }
        );
        return res._source?.status ?? 'in_progress';
      },
    };
  }

  openSelection(sel: Selection, after: Cursor | undefined, fromMs: number) {
    // The selection's filters without its time range: the tail's own range replaces it.
    const { bool } = logsQuery(sel) as { bool: { filter: estypes.QueryDslQueryContainer[] } };
    return new LogTail(this.es, {
      indices: (floorMs) => logIndicesFrom(this.indices, floorMs),
      query: { bool: { filter: bool.filter.slice(1) } },
      after,
      fromMs: after?.[0] ?? fromMs,
      lookbackMs: this.settings.lookbackMs,
    });
  }

  /** Streams until the client goes, `maxMs` passes, or `ended()` says so (then one last full read). */
  async pump(
    stream: EventStream,
    tail: LogTail,
    first: TailLine[],
    ended?: () => Promise<string | null>
  ): Promise<void> {
    const started = Date.now();
    let beat = Date.now();
    let endedAt: number | undefined;
    let status: string | null = null;
    const sendLines = async (lines: TailLine[]) => {
      for (const line of lines) {
        await stream.send('log', line.doc, encodeCursor(line.cursor));
      }
    };
    const send = async (full: boolean) => sendLines(await tail.read(full));
    try {
      await sendLines(first);
      while (!stream.isClosed) {
        if (ended && endedAt === undefined) {
          status = await ended();
          if (status) {
            endedAt = Date.now();
          }
        }
        if (endedAt !== undefined && Date.now() - endedAt >= SETTLE_MS) {
          await send(true);
          const position = tail.position();
          await stream.send('end', { status }, position ? encodeCursor(position) : undefined);
          break;
        }
        await send(false);
        // A finished run's stream runs to its end; any other stops at the limit and resumes.
        if (endedAt === undefined && Date.now() - started >= this.settings.maxMs) {
          break;
        }
        if (Date.now() - beat >= this.settings.heartbeatMs) {
          stream.heartbeat();
          beat = Date.now();
        }
        await sleep(this.settings.pollMs);
      }
    } catch (err) {
      // Headers are sent: the client learns of the failure and reconnects from its last id.
      await stream.send('error', { message: (err as Error).message }).catch(() => undefined);
    } finally {
      stream.end();
    }
  }
}
