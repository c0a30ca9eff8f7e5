import { type Request, Router } from 'express';
import { logSelection, runParams, tailQuery } from '@runlens/contract';
import type { Auth } from '../http/auth';
import { parse } from '../http/validate';
import { type Cursor, decodeCursor } from './cursor';
import type { TailService } from './service';
import { EventStream } from './sse';

/**
 * Live tails over Server-Sent Events (read token):
 * - `GET /api/v1/runs/{run_id}/logs/stream`: the run's lines from the start (or after
 *   Last-Event-ID), live, then `event: end` with the run's status once it has finished;
 * - `GET /api/v1/logs/stream`: the lines of a logs selection (scripts, filters, q) as they come.
 * Each `log` event's id resumes the stream on any instance (`Last-Event-ID` header, or the
 * `last_event_id` parameter where a client cannot set headers).
 */

// EventSource reconnects after this long when a stream is cut.
const RETRY_MS = 1000;

function afterOf(req: Request): Cursor | undefined {
  const header = req.get('last-event-id');
  if (header) {
    return decodeCursor(header, 'header.last-event-id');
  }
  const q = parse(tailQuery, req.query, 'query');
  return q.last_event_id ? decodeCursor(q.last_event_id, 'query.last_event_id') : undefined;
}

export function tailRoutes(tails: TailService, auth: Auth, lookbackMs: number): Router {
  const router = Router();

  router.get('/api/v1/runs/:run_id/logs/stream', ...auth.read, async (req, res) => {
    const { run_id } = parse(runParams, req.params, 'params');
    parse(tailQuery, req.query, 'query');
    const { tail, status } = await tails.openRun(run_id, afterOf(req));
    // The first read happens before the headers: an unreachable Elasticsearch is still a 503.
    const first = await tail.read();
    const stream = new EventStream(res, req, RETRY_MS);
    await tails.pump(stream, tail, first, async () => {
      const s = await status();
      return s === 'in_progress' ? null : s;
    });
  });

  router.get('/api/v1/logs/stream', ...auth.read, async (req, res) => {
    const { last_event_id: _ignored, from, ...selection } = req.query as Record<string, unknown>;
    const sel = parse(logSelection, selection, 'query');
    const start = from === undefined ? Date.now() - lookbackMs : parse(tailQuery, { from }, 'query').from!.getTime();
    const tail = tails.openSelection(sel, afterOf(req), start);
    const first = await tail.read();
    await tails.pump(new EventStream(res, req, RETRY_MS), tail, first);
  });

  return router;
}
