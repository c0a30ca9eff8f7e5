import pino from 'pino';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { createEsClient } from './es/client';
import { dropExpiredIndices, ensureIndices } from './es/indices';

const HOUR = 3_600_000;

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`runlens: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = pino({ level: config.LOG_LEVEL, base: { service: 'runlens-backend' } });
  const es = createEsClient(config);
  const { app, indices, exports } = createApp(config, es, log);

  // Index templates must exist before the first write; wait for Elasticsearch to come up.
  for (let attempt = 1; ; attempt++) {
    try {
      await ensureIndices(es, config, indices);
      break;
    } catch (err) {
      if (attempt >= 60) {
        throw err;
      }
      log.warn({ err: (err as Error).message, attempt }, 'Elasticsearch not ready; retrying');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  const retention = () =>
    dropExpiredIndices(es, indices, config.RETENTION_DAYS)
      .then((dropped) => dropped.length && log.info({ dropped }, 'retention: dropped expired indices'))
      .catch((err) => log.warn({ err: err.message }, 'retention run failed'));
  void retention();
  const timer = setInterval(retention, HOUR);
  timer.unref();

  // Every replica sweeps; the sweep is idempotent. Often enough that a file outlives its TTL by
  // minutes at most.
  const sweep = () =>
    exports
      .sweep()
      .then((r) => (r.expired || r.stalled || r.files) && log.info(r, 'exports: swept expired files'))
      .catch((err) => log.warn({ err: err.message }, 'export sweep failed'));
  const sweeper = setInterval(sweep, Math.min(config.EXPORT_TTL_SECONDS * 250, 10 * 60_000));
  sweeper.unref();

  const server = app.listen(config.PORT, config.HOST, () => {
    log.info({ url: `http://${config.HOST}:${config.PORT}`, es: config.ES_URL }, 'RunLens backend listening');
  });
  const shutdown = () => {
    log.info('shutting down');
    server.close(() => void es.close().then(() => process.exit(0)));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  process.stderr.write(`runlens: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
