/**
 * The real services for the stack tests: the repo's Elasticsearch (scripts/es.sh, never stopped
 * here) and the backend started from its source, on a free port with an index prefix of its own.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { spawnBackend } from '../../backend/testing/spawnServer';
import { path, ROOT } from './repo';

export const ES_URL = process.env.RUNLENS_TEST_ES_URL ?? 'http://127.0.0.1:9200';
export const INGEST_TOKEN = 'stack-test-ingest-token-0123456789';
export const READ_TOKEN = 'stack-test-read-token-0123456789';

export async function es<T = any>(method: string, p: string, body?: unknown): Promise<T> {
  const res = await fetch(`${ES_URL}${p}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (!res.ok) throw new Error(`Elasticsearch ${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Starts the repo's Elasticsearch when none answers (it is left running for other suites). */
export async function ensureElasticsearch(): Promise<void> {
  try {
    const res = await fetch(`${ES_URL}/_cluster/health?wait_for_status=yellow&timeout=5s`);
    if (res.ok) return;
  } catch {
    // not up
  }
  const r = spawnSync('bash', [path('scripts/es.sh'), 'start'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('could not start Elasticsearch with scripts/es.sh');
}

export const uniquePrefix = (name: string) => `runlens-stack-test-${name}-${randomBytes(3).toString('hex')}`;

/** Removes a test prefix's indices and index templates. */
export async function dropPrefix(prefix: string): Promise<void> {
  await es('DELETE', `/${prefix}-*?ignore_unavailable=true&allow_no_indices=true`).catch(() => undefined);
  for (const t of ['runs', 'logs']) await es('DELETE', `/_index_template/${prefix}-${t}`).catch(() => undefined);
}

export interface Backend {
  url: string;
  prefix: string;
  stop(): Promise<void>;
  read<T = any>(p: string): Promise<T>;
  ingest<T = any>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }>;
}

/** The real backend, from source (tsx), on 127.0.0.1 and a free port. */
export async function startBackend(prefix: string): Promise<Backend> {
  const { url, stop } = await spawnBackend({ prefix, esUrl: ES_URL, ingestToken: INGEST_TOKEN, readToken: READ_TOKEN });
  return {
    url,
    prefix,
    stop,
    async read(p) {
      const res = await fetch(`${url}${p}`, { headers: { authorization: `Bearer ${READ_TOKEN}` } });
      const body = (await res.json()) as any;
      if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async ingest(method, p, body) {
      const res = await fetch(`${url}${p}`, {
        method,
        headers: { authorization: `Bearer ${INGEST_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    },
  };
}
