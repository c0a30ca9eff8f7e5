import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Client } from '@elastic/elasticsearch';
import pino, { type Logger } from 'pino';
import type { AppOptions } from '../src/app';
import { loadConfig, type Config } from '../src/config';
import { createEsClient } from '../src/es/client';
import { type RunningServer, startServer } from '../src/start';

/** The real Elasticsearch the tests run against (scripts/es.sh starts it). */
/** The one variable tests read for the shared Elasticsearch (scripts/test.sh sets it). */
export const ES_URL = process.env.RUNLENS_TEST_ES_URL ?? 'http://127.0.0.1:9200';
export const INGEST = 'test-ingest-token-0000000001';
export const READ = 'test-read-token-00000000000001';

export interface Api {
  url: string;
  prefix: string;
  es: Client;
  config: Config;
  /** The app's export service (to wait for writers, run the TTL sweep). */
  exports: RunningServer['exports'];
  call(
    method: string,
    path: string,
    opts?: {
      token?: string | null;
      body?: unknown;
      raw?: string;
      contentType?: string;
      query?: Record<string, unknown>;
      headers?: Record<string, string>;
    }
  ): Promise<{ status: number; body: any; headers: Headers }>;
  ingest(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  read(path: string, query?: Record<string, unknown>): Promise<{ status: number; body: any }>;
  /** Makes everything written so far searchable now, instead of within one refresh (ES_REFRESH_INTERVAL). */
  refresh(): Promise<void>;
  /** The stored log documents of a run (refreshed first), in order, attributes included (the list API leaves those out). */
  storedLogs(runId: string): Promise<Array<Record<string, any>>>;
  close(): Promise<void>;
}

let counter = 0;

/**
 * Starts the real app on an ephemeral port over its own index prefix in the real Elasticsearch
 * (or the ES_INDEX_PREFIX given: a second replica of the same data).
 */
export async function startApi(
  env: Record<string, string> = {},
  opts: { log?: Logger; app?: AppOptions } = {}
): Promise<Api> {
  const prefix = env.ES_INDEX_PREFIX ?? `t${process.pid}-${++counter}-${Date.now().toString(36)}`;
  const config = loadConfig({
    ES_URL,
    ES_INDEX_PREFIX: prefix,
    RUNLENS_INGEST_TOKENS: INGEST,
    RUNLENS_READ_TOKENS: READ,
    BODY_LIMIT: '1mb',
    EXPORT_DIR: join(tmpdir(), `runlens-exports-${prefix}`),
    ...env,
  });
  const running = await startServer(config, {
    log: opts.log ?? pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    // Fail fast: the Elasticsearch-down tests expect a 503, not a retry.
    es: createEsClient(config, { maxRetries: 0, requestTimeout: 5000 }),
    ensureIndices: env.SKIP_ENSURE ? false : { attempts: 1 },
    app: opts.app,
  });
  const { url, es } = running;

  const call: Api['call'] = async (method, path, opts = {}) => {
    const qs = opts.query
      ? '?' +
        new URLSearchParams(
          Object.entries(opts.query)
            .filter(([, v]) => v !== undefined)
            .flatMap(([k, v]): Array<[string, string]> =>
              // Lists of plain values repeat the parameter; anything structured (filters) goes as JSON.
              Array.isArray(v) && v.every((x) => typeof x !== 'object')
                ? v.map((x) => [k, String(x)])
                : [[k, typeof v === 'object' ? JSON.stringify(v) : String(v)]]
            )
        ).toString()
      : '';
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token !== null) {
      headers.authorization = `Bearer ${opts.token ?? READ}`;
    }
    let body: string | undefined;
    if (opts.raw !== undefined) {
      body = opts.raw;
      headers['content-type'] = opts.contentType ?? 'application/json';
    } else if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url + path + qs, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON (e.g. /metrics) */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  const refresh = async () => {
    await es.indices.refresh({ index: `${prefix}-*`, allow_no_indices: true, ignore_unavailable: true });
  };
  return {
    url,
    prefix,
    es,
    config,
    exports: running.exports,
    call,
    ingest: (method, path, body) => call(method, path, { token: INGEST, body }),
    read: (path, query) => call('GET', path, { token: READ, query }),
    refresh,
    storedLogs: async (runId) => {
      await refresh();
      const res = await es.search<Record<string, any>>({
        index: `${prefix}-logs-*`,
        query: { term: { run_id: runId } },
        sort: [{ timestamp: 'asc' }, { seq: 'asc' }],
        size: 1000,
      });
      return res.hits.hits.map((h) => h._source!);
    },
    close: async () => {
      await new Promise((r) => running.server.close(r));
      await running.exports.idle();
      if (env.ES_INDEX_PREFIX) {
        // A second replica of another instance's data: that instance cleans up.
        await es.close();
        return;
      }
      await es.indices
        .delete({ index: `${prefix}-*`, allow_no_indices: true, ignore_unavailable: true })
        .catch(() => undefined);
      await es.indices.deleteIndexTemplate({ name: `${prefix}-*` }).catch(() => undefined);
      if (!env.EXPORT_DIR) {
        rmSync(config.EXPORT_DIR, { recursive: true, force: true });
      }
      await es.close();
    },
  };
}

/** A deterministic pseudo-random generator, so failures reproduce. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact percentile as SPEC defines it: linear interpolation between the closest ranks. */
export function exactPercentile(values: number[], p: number): number | null {
  if (values.length === 0) {
    return null;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo]! + (rank - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Runs `fn` over items with at most `n` at a time. */
export async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        await fn(items[next++]!);
      }
    })
  );
}

/** Waits until `check` holds, polling; fails after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The repo's second Elasticsearch, security on (TLS with a CA made by elasticsearch-certutil,
 * a file-realm user): scripts/es.sh on its own port, started on first use and never the
 * shared one, so fault tests may kill it. Its base folder follows scripts/es.sh.
 */
export const SECURE_ES_PORT = 9230;
const ES_BASE = process.env.ES_HOME_BASE ?? (process.getuid?.() === 0 ? '/opt/runlens-es' : `${__dirname}/../../.es`);
export const SECURE_ES = {
  url: `https://127.0.0.1:${SECURE_ES_PORT}`,
  username: 'runlens',
  password: 'runlens-test-password',
  ca: `${ES_BASE}/instances/${SECURE_ES_PORT}/config/certs/ca.crt`,
  /** Backend environment for it. */
  env(): Record<string, string> {
    return { ES_URL: this.url, ES_USERNAME: this.username, ES_PASSWORD: this.password, ES_CA_FILE: this.ca };
  },
};

/** scripts/es.sh for the secure instance: start (no-op when up), stop, kill (-9); asynchronous, so clients keep going meanwhile. */
export async function secureEs(command: 'start' | 'stop' | 'kill'): Promise<void> {
  await promisify(execFile)('bash', [`${__dirname}/../../scripts/es.sh`, command], {
    env: {
      ...process.env,
      ES_PORT: String(SECURE_ES_PORT),
      ES_SECURITY: '1',
      ES_HEAP: '512m',
      ES_PASSWORD: SECURE_ES.password,
    },
    timeout: 300_000,
  });
}
