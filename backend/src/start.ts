import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import pino, { type Logger } from 'pino';
import { createApp } from './app';
import type { Config } from './config';
import { createEsClient } from './es/client';
import { dropExpiredIndices, ensureIndices, type Indices } from './es/indices';

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
}

export interface RunningServer {
  url: string;
  config: Config;
  es: Client;
  indices: Indices;
  server: Server;
  /** Stops listening and closes the Elasticsearch client. */
  close(): Promise<void>;
}

/**
 * The one way to start the RunLens backend: the service (server.ts), the backend tests
 * (test/harness.ts), the benchmark and, through server.ts in a child process, the plugin's
 * real-backend suite and the stack suites (testing/spawnServer.ts).
 */
export async function startServer(config: Config, opts: StartOptions = {}): Promise<RunningServer> {
  const log = opts.log ?? pino({ level: config.LOG_LEVEL, base: { service: 'runlens-backend' } });
  const es = opts.es ?? createEsClient(config);
  const { app, indices } = createApp(config, es, log);

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
    close: async () => {
      clearInterval(timer);
      await new Promise((r) => server.close(r));
      await es.close();
    },
  };
}
