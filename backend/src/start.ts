import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import { type AppOptions, createApp } from './app';
import type { Config } from './config';
import { createEsClient } from './es/client';
import { dropExpiredIndices, ensureIndices, type Indices } from './es/indices';
import { createLogger } from './http/logging';

const HOUR = 3_600_000;

export interface StartOptions {
  log?: Logger;
  /** Default the configured PORT and HOST; 0 takes a free port. */
  port?: number;
  host?: string;
  /** Default the configured client (createEsClient). */
  es?: Client;
  /** Create the index templates first (default), retrying this many times while Elasticsearch comes up. */
  ensureIndices?: { attempts: number } | false;
  /** Drop expired indices now and hourly (the service does; tests and the benchmark do not). */
  retention?: boolean;
  /** Sweep expired export files (the service does; tests call the sweep themselves). */
  sweepExports?: boolean;
  app?: AppOptions;
}

export interface RunningServer {
  url: string;
  config: Config;
  es: Client;
  indices: Indices;
  server: Server;
  exports: ReturnType<typeof createApp>['exports'];
  /** Stops listening and closes the Elasticsearch client. */
  close(): Promise<void>;
}

/**
 * The one way to start the RunLens backend: the service (server.ts), the backend tests
 * (test/harness.ts), the benchmark and, through server.ts in a child process, the plugin's
 * real-backend suite and the stack suites (testing/spawnServer.ts).
 */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? createLogger(config.LOG_LEVEL);
  const es = opts.es ?? createEsClient(config);
  const { app, indices, exports } = createApp(config, es, log, opts.app);

  const ensure = opts.ensureIndices ?? { attempts: 1 };
  // Index templates must exist before the first write; wait for Elasticsearch to come up.
  for (let attempt = 1; ensure; attempt++) {
    try {
      await ensureIndices(es, config, indices);
      break;
    } catch (err) {
      if (attempt >= ensure.attempts) {
        throw err;
      }
      log.warn({ err: (err as Error).message, attempt }, 'Elasticsearch not ready; retrying');
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  let timer: NodeJS.Timeout | undefined;
  if (opts.retention) {
    const retention = () =>
      dropExpiredIndices(es, indices, config.RETENTION_DAYS)
        .then((dropped) => dropped.length && log.info({ dropped }, 'retention: dropped expired indices'))
        .catch((err) => log.warn({ err: err.message }, 'retention run failed'));
    void retention();
    timer = setInterval(retention, HOUR);
    timer.unref();
  }

  let sweeper: NodeJS.Timeout | undefined;
  if (opts.sweepExports) {
    // Every replica sweeps; the sweep is idempotent. Often enough that a file outlives its TTL
    // by minutes at most.
    const sweep = () =>
      exports
        .sweep()
        .then((r) => (r.expired || r.stalled || r.files) && log.info(r, 'exports: swept expired files'))
        .catch((err) => log.warn({ err: err.message }, 'export sweep failed'));
    sweeper = setInterval(sweep, Math.min(config.EXPORT_TTL_SECONDS * 250, 10 * 60_000));
    sweeper.unref();
  }

  const host = opts.host ?? config.HOST;
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(opts.port ?? config.PORT, host, () => resolve(s));
    s.once('error', reject);
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  log.info({ url, es: config.ES_URL }, 'RunLens backend listening');
  return {
    url,
    config,
    es,
    indices,
    server,
    exports,
    close: async () => {
      clearInterval(timer);
      clearInterval(sweeper);
      await new Promise((r) => server.close(r));
      // Writers of this process stop once their current page is written.
      await exports.idle();
      await es.close();
    },
  };
}
