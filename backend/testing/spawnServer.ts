import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createServer } from 'node:net';
import path from 'node:path';

/** The one variable tests read for the shared Elasticsearch (scripts/test.sh sets it). */
export const ES_URL = process.env.RUNLENS_TEST_ES_URL ?? 'http://127.0.0.1:9200';
export const INGEST_TOKEN = 'plugin-e2e-ingest-token-0001';
export const READ_TOKEN = 'plugin-e2e-read-token-000001';

const ROOT = path.resolve(__dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export interface Backend {
  url: string;
  prefix: string;
  /** An ingest call (seeding data the way scripts send it). */
  ingest(method: string, path: string, body?: unknown): Promise<any>;
  /** Makes everything written so far searchable now instead of within the 1 s refresh. */
  refresh(): Promise<void>;
  stop(): Promise<void>;
}

export interface BackendProcess {
  url: string;
  /** SIGTERM, then SIGKILL after 5 s. */
  stop(): Promise<void>;
  /** SIGKILL at once, as in a crash. */
  kill(): Promise<void>;
}

/**
 * Starts the real RunLens backend as a child process: backend/src/server.ts through tsx, which
 * starts it the one way (src/start.ts), on a free port of 127.0.0.1 over `prefix` in the real
 * Elasticsearch at `esUrl`; resolves once it is ready. For the suites that cannot host it in
 * their own process: the plugin's real-backend suite (a jsdom environment) and the stack suites.
 */
export async function spawnBackend(opts: {
  prefix: string;
  esUrl: string;
  ingestToken: string;
  readToken: string;
  /** A fixed port (a restarted backend keeps its address), else a free one. */
  port?: number;
  /** More environment for the backend (e.g. Elasticsearch credentials). */
  env?: Record<string, string>;
}): Promise<BackendProcess> {
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  // tsx is the backend workspace's own runner (hoisted or not).
  const tsx = require.resolve('tsx/cli', { paths: [path.join(ROOT, 'backend'), ROOT] });
  const child: ChildProcess = spawn(process.execPath, [tsx, path.join(ROOT, 'backend', 'src', 'server.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ES_URL: opts.esUrl,
      ES_INDEX_PREFIX: opts.prefix,
      RUNLENS_INGEST_TOKENS: opts.ingestToken,
      RUNLENS_READ_TOKENS: opts.readToken,
      LOG_LEVEL: 'warn',
      EXPORT_DIR: path.join(os.tmpdir(), `runlens-exports-${opts.prefix}`),
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: tsx runs the server in a child process, and a crash must take both.
    detached: true,
  });
  child.stdout?.on('data', (d) => (output = (output + String(d)).slice(-4000)));
  child.stderr?.on('data', (d) => (output = (output + String(d)).slice(-4000)));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(`RunLens backend exited (${child.exitCode}):\n${output}`);
    }
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) {
        break;
      }
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `RunLens backend not ready at ${url} after 60 s (is Elasticsearch up at ${opts.esUrl}? npm run es:start):\n${output}`
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }

  return {
    url,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        process.kill(-child.pid!, 'SIGKILL');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        const force = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The backend for this suite, with its own index prefix, removed again by stop(). */
export async function startBackend(): Promise<Backend> {
  const prefix = `runlens-plugin-e2e-${process.pid}-${Date.now().toString(36)}`;
  const proc = await spawnBackend({ prefix, esUrl: ES_URL, ingestToken: INGEST_TOKEN, readToken: READ_TOKEN });
  const url = proc.url;

  return {
    url,
    prefix,
    async ingest(method, p, body) {
      const res = await fetch(url + p, {
        method,
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok) {
        throw new Error(`${method} ${p} → ${res.status}: ${JSON.stringify(json)}`);
      }
      return json;
    },
    async refresh() {
      await fetch(`${ES_URL}/${prefix}-*/_refresh?allow_no_indices=true&ignore_unavailable=true`, { method: 'POST' });
    },
    async stop() {
      await proc.stop();
      await fetch(`${ES_URL}/${prefix}-*?allow_no_indices=true&ignore_unavailable=true`, { method: 'DELETE' }).catch(
        () => undefined
      );
      await fetch(`${ES_URL}/_index_template/${prefix}-*`, { method: 'DELETE' }).catch(() => undefined);
    },
  };
}
