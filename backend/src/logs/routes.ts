import { Router } from 'express';
import type { Auth } from '../http/auth';
import { logPage, logRecord, logSelection, logTimeseriesQuery, type LogRecord } from '@runlens/contract';
import { bucketsOf } from '../filters/buckets';
import { ApiError, fromZod, type ErrorDetail } from '../http/errors';
import { parse } from '../http/validate';
import type { EventWindow } from '../http/eventWindow';
import type { Metrics } from '../http/metrics';
import { bodyItems, fromSpan, isSpanRecord } from './records';
import type { LogsService } from './service';

/** Validates every record of a batch; one bad record rejects the batch, naming each bad field. */
export function parseBatch(body: unknown, window: EventWindow): LogRecord[] {
  const { items, errors } = bodyItems(body);
  const details: ErrorDetail[] = [...errors];
  const records: LogRecord[] = [];
  items.forEach((item, i) => {
    const result = logRecord.safeParse(isSpanRecord(item) ? fromSpan(item) : item);
    if (result.success) {
      const late = result.data.timestamp ? window.check(result.data.timestamp, `body[${i}].timestamp`) : null;
      if (late) {
        details.push(late);
      } else {
        records.push(result.data);
      }
    } else {
      details.push(...fromZod(result.error, `body[${i}]`).details);
    }
  });
  if (details.length > 0) {
    throw new ApiError(400, 'invalid_request', 'invalid log batch: nothing was stored', details.slice(0, 100));
  }
  if (records.length === 0) {
    throw new ApiError(400, 'invalid_request', 'empty log batch', [{ path: 'body', message: 'no records' }]);
  }
  return records;
}

export function logRoutes(logs: LogsService, auth: Auth, metrics: Metrics, window: EventWindow): Router {
  const router = Router();

  router.post('/api/v1/logs', ...auth.ingest, async (req, res) => {
    const records = parseBatch(req.body, window);
    const log_ids = await logs.ingest(records);
    metrics.ingested.inc({ kind: 'log' }, records.length);
    res.json({ accepted: log_ids.length, log_ids });
  });

  router.get('/api/v1/logs/timeseries', ...auth.read, async (req, res) => {
    const sel = parse(logSelection, req.query, 'query');
    const { interval, tz } = bucketsOf(sel, parse(logTimeseriesQuery, req.query, 'query'));
    res.json(await logs.timeseries(sel, interval, tz));
  });

  router.get('/api/v1/logs', ...auth.read, async (req, res) => {
    res.json(await logs.list(parse(logSelection, req.query, 'query'), parse(logPage, req.query, 'query')));
  });

  return router;
}
