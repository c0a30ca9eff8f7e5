import type { Client } from '@elastic/elasticsearch';
import express from 'express';
import type { Logger } from 'pino';
import type { Config } from './config';
import { indicesFor } from './es/indices';
import { type Auth, tokenAuth } from './http/auth';
import { errorHandler, notFoundHandler } from './http/errors';
import { eventWindow } from './http/eventWindow';
import { requestLogger } from './http/logging';
import { createMetrics } from './http/metrics';
import { exportRoutes } from './exports/routes';
import { ExportsService } from './exports/service';
import type { BeforePage } from './exports/writer';
import { logRoutes } from './logs/routes';
import { LogsService } from './logs/service';
import { otlpRoutes } from './otlp/routes';
import { recordRoutes } from './records/routes';
import { RecordService } from './records/service';
import { runRoutes } from './runs/routes';
import { RunsService } from './runs/service';
import { RunStore } from './runs/store';
import { scriptRoutes } from './scripts/routes';
import { ScriptsService } from './scripts/service';
import { tailRoutes } from './tail/routes';
import { TailService } from './tail/service';

export interface AppOptions {
  /** Test seam: holds the export writer before each page. */
  exportBeforePage?: BeforePage;
}

/** Wires the components into one Express app; no I/O happens here. */
export function createApp(config: Config, es: Client, log: Logger, options: AppOptions = {}) {
  const indices = indicesFor(config.ES_INDEX_PREFIX);
  const metrics = createMetrics();
  const requireToken = tokenAuth({ ingest: config.RUNLENS_INGEST_TOKENS, read: config.RUNLENS_READ_TOKENS });
  // Bodies are read only after the token is checked: a caller without one learns that first.
  const auth: Auth = {
    ingest: [
      requireToken('ingest'),
      express.json({ limit: config.BODY_LIMIT }),
      express.text({ type: 'application/x-ndjson', limit: config.BODY_LIMIT }),
    ],
    read: [requireToken('read')],
  };

  const window = eventWindow({
    retentionDays: config.RETENTION_DAYS,
    maxFutureMinutes: config.EVENT_MAX_FUTURE_MINUTES,
  });
  const scripts = new ScriptsService(es, indices);
  const store = new RunStore(es, indices);
  const runs = new RunsService(es, indices, store, scripts);
  const logs = new LogsService(es, indices, store);
  const tails = new TailService(es, indices, store, {
    pollMs: config.TAIL_POLL_MS,
    heartbeatMs: config.TAIL_HEARTBEAT_MS,
    maxMs: config.TAIL_MAX_MS,
    lookbackMs: config.TAIL_LOOKBACK_MS,
  });
  const records = new RecordService(es, indices);
  const exportsService = new ExportsService(
    es,
    indices,
    {
      dir: config.EXPORT_DIR,
      ttlSeconds: config.EXPORT_TTL_SECONDS,
      pageSize: config.EXPORT_PAGE_SIZE,
      beforePage: options.exportBeforePage,
    },
    log
  );

  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(requestLogger(log));
  // Answers are data for a program, never a page to sniff or a response to keep in a cache.
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' });
    next();
  });
  app.use(metrics.middleware);

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await es.cluster.health({ timeout: '2s' }, { requestTimeout: 3000, maxRetries: 0 });
      res.json({ status: 'ready', elasticsearch: 'up' });
    } catch {
      res.status(503).set('Retry-After', '5').json({ status: 'not_ready', elasticsearch: 'down' });
    }
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.use(scriptRoutes(scripts, auth, window));
  app.use(runRoutes(runs, auth, window));
  app.use(tailRoutes(tails, auth, config.TAIL_LOOKBACK_MS));
  app.use(recordRoutes(records, auth));
  app.use(logRoutes(logs, auth, metrics, window));
  app.use(
    otlpRoutes(logs, requireToken('ingest'), metrics, log, {
      bodyLimit: config.BODY_LIMIT,
      maxConcurrent: config.OTLP_MAX_CONCURRENT,
      window,
    })
  );
  app.use(exportRoutes(exportsService, auth));

  app.use(notFoundHandler);
  app.use(errorHandler(log));
  return { app, indices, exports: exportsService };
}
