/** The backend under test: a child process by default (its CPU and memory measured), or in process. */
import { fork, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import pino from 'pino';
import { startServer } from '../src/start';
import { type Config, loadConfig } from '../src/config';
import { env, opts } from './options';
import { sleep } from './http';

export interface Backend {
  url: string;
  /** CPU time (user + system, ms) and RSS (MB) of the backend process; null when it shares this process. */
  usage(): Promise<{ cpu_ms: number; rss_mb: number } | null>;
  stop(): Promise<void>;
}

export async function serveChild(): Promise<void> {
  const config = loadConfig(process.env);
  // The parent loaded the data and made the indices.
  const running = await startServer(config, { port: 0, host: '127.0.0.1', ensureIndices: false });
  process.send?.({ port: (running.server.address() as AddressInfo).port });
  process.on('message', (m) => {
    if (m === 'usage') {
      const cpu = process.cpuUsage();
      process.send?.({
        usage: { cpu_ms: (cpu.user + cpu.system) / 1000, rss_mb: process.memoryUsage().rss / 1048576 },
      });
    }
  });
  // The parent going away ends this process.
  process.on('disconnect', () => process.exit(0));
}

export async function startBackend(config: Config, es: Client): Promise<Backend> {
  if (opts.inProcess) {
    const running = await startServer(config, {
      log: pino({ level: config.LOG_LEVEL }, pino.destination('/dev/null')),
      es,
      port: 0,
      host: '127.0.0.1',
      ensureIndices: false,
    });
    return {
      url: running.url,
      usage: async () => null,
      // The client is the benchmark's own: only the listener stops.
      stop: () => new Promise((r) => running.server.close(() => r())),
    };
  }
  const child: ChildProcess = fork(join(__dirname, 'bench.ts'), ['--serve'], {
    env: { ...process.env, ...env() },
    // The server's JSON request log goes nowhere, as it would to a log shipper.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...(opts.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.profileDir}`] : [])],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('backend did not start within 60 s')), 60_000);
    child.once('message', (m) => {
      clearTimeout(timer);
      resolve((m as { port: number }).port);
    });
    child.once('exit', (code) => reject(new Error(`backend exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    usage: () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          resolve(null);
        }, 5000);
        const onMessage = (m: unknown) => {
          const u = (m as { usage?: { cpu_ms: number; rss_mb: number } }).usage;
          if (!u) {
            return;
          }
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(u);
        };
        child.on('message', onMessage);
        child.send('usage');
      }),
    stop: async () => {
      if (child.exitCode !== null) {
        return;
      }
      const exited = new Promise((r) => child.once('exit', r));
      // Disconnecting lets the child exit on its own (and write its profile); SIGTERM if it does not.
      child.disconnect();
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
      }
    },
  };
}
