/** Plain HTTP with keep-alive: bulk bodies are prebuilt strings; API calls are real HTTP. */
import http from 'node:http';
import { opts } from './options';

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpResult {
  status: number;
  text: string;
}

/**
 * One HTTP request. A kept-alive socket the server closed while idle fails with a reset; every
 * request here is idempotent (GETs, writes with ids), so it is sent again, at most twice.
 */
export async function request(
  url: string,
  method: string,
  headers: Record<string, string> = {},
  body?: string
): Promise<HttpResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await requestOnce(url, method, headers, body);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 2 || (code !== 'ECONNRESET' && code !== 'EPIPE')) {
        throw err;
      }
    }
  }
}

export function requestOnce(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.from(body);
    const req = http.request(
      url,
      { method, agent, headers: payload ? { ...headers, 'content-length': String(payload.length) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      }
    );
    req.setTimeout(120_000, () => req.destroy(new Error(`timeout: ${method} ${url}`)));
    req.on('error', reject);
    req.end(payload);
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts an NDJSON `_bulk` body (index actions only); retries lines pushed back with 429, boundedly. */
export async function bulk(body: string): Promise<number> {
  let pending = body;
  for (let attempt = 0; attempt < 8; attempt++) {
    if (attempt > 0) {
      await sleep(200 * 2 ** Math.min(attempt, 5));
    }
    const res = await request(
      `${opts.esUrl}/_bulk?filter_path=errors,items.*.status,items.*.error`,
      'POST',
      { 'content-type': 'application/x-ndjson' },
      pending
    );
    if (res.status === 429 || res.status === 503) {
      continue;
    }
    if (res.status !== 200) {
      throw new Error(`_bulk ${res.status}: ${res.text.slice(0, 500)}`);
    }
    const parsed = JSON.parse(res.text) as {
      errors: boolean;
      items?: Array<Record<string, { status: number; error?: { type: string; reason?: string } }>>;
    };
    if (!parsed.errors) {
      return attempt;
    }
    const lines = pending.split('\n');
    const retry: string[] = [];
    parsed.items!.forEach((item, i) => {
      const r = Object.values(item)[0]!;
      if (!r.error) {
        return;
      }
      if (r.status === 429 || r.status >= 500) {
        retry.push(lines[2 * i]!, lines[2 * i + 1]!);
      } else {
        throw new Error(`_bulk rejected a document: ${r.error.type}: ${r.error.reason ?? ''}`);
      }
    });
    if (retry.length === 0) {
      return attempt;
    }
    pending = retry.join('\n') + '\n';
  }
  throw new Error('_bulk: still pushed back after 8 attempts');
}

/** Accumulates index actions into bulk bodies and keeps a few requests in flight. */
export class BulkLoader {
  private parts: string[] = [];
  private bytes = 0;
  private docs = 0;
  private readonly inflight = new Set<Promise<void>>();
  private failure: unknown = null;
  sent = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly concurrency: number
  ) {}

  async add(index: string, id: string, doc: unknown): Promise<void> {
    const line = `{"index":{"_index":"${index}","_id":${JSON.stringify(id)}}}\n${JSON.stringify(doc)}\n`;
    this.parts.push(line);
    this.bytes += line.length;
    this.docs += 1;
    if (this.bytes >= this.maxBytes) {
      await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (this.failure) {
      throw this.failure;
    }
    if (this.docs === 0) {
      return;
    }
    const body = this.parts.join('');
    const n = this.docs;
    this.parts = [];
    this.bytes = 0;
    this.docs = 0;
    while (this.inflight.size >= this.concurrency) {
      await Promise.race(this.inflight);
    }
    if (this.failure) {
      throw this.failure;
    }
    const p: Promise<void> = bulk(body)
      .then(() => {
        this.sent += n;
      })
      .catch((err) => {
        this.failure = err;
      })
      .finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  async drain(): Promise<void> {
    await this.flush();
    await Promise.all(this.inflight);
    if (this.failure) {
      throw this.failure;
    }
  }
}
