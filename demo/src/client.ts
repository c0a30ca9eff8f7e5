/** The RunLens public HTTP API, as the demo generator uses it (see docs of the backend). */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
  }
}

export interface ClientOptions {
  url: string;
  ingestToken: string;
  readToken?: string;
}

export class RunLensClient {
  constructor(private readonly opts: ClientOptions) {}

  get url() {
    return this.opts.url;
  }

  /** For the logger SDK the live runs log through. */
  get ingestToken() {
    return this.opts.ingestToken;
  }

  private async call<T>(method: string, path: string, body?: unknown, token = this.opts.ingestToken): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${this.opts.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      // 503 while Elasticsearch is unreachable: wait as told and try again.
      if (res.status === 503 && attempt < 10) {
        const wait = Number(res.headers.get('retry-after') ?? '2');
        await res.arrayBuffer();
        await sleep(Math.min(30, Number.isFinite(wait) ? wait : 2) * 1000);
        continue;
      }
      const text = await res.text();
      const json = text ? (JSON.parse(text) as unknown) : undefined;
      if (!res.ok) {
        const err = (json as { error?: { code?: string; message?: string } } | undefined)?.error;
        throw new ApiError(res.status, err?.code ?? 'http_error', `${method} ${path}: ${res.status} ${err?.message ?? text}`);
      }
      return json as T;
    }
  }

  /** Waits until the backend answers /readyz (Elasticsearch reachable). */
  async waitReady(timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`${this.opts.url}/readyz`);
        if (res.ok) {return;}
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {throw new Error(`backend at ${this.opts.url} not ready after ${timeoutMs / 1000} s`);}
      await sleep(1000);
    }
  }

  deploy(script: string, deployedAt?: string) {
    // deployed_at records a deployment after the fact (backfills); without it the backend stamps "now".
    return this.call<{ script: string; version: number; deployed_at: string }>(
      'POST',
      `/api/v1/scripts/${encodeURIComponent(script)}/deployments`,
      deployedAt ? { deployed_at: deployedAt } : {}
    );
  }

  undeploy(script: string, undeployedAt?: string) {
    return this.call<{ script: string; version: number }>(
      'DELETE',
      `/api/v1/scripts/${encodeURIComponent(script)}/deployments/current`,
      undeployedAt ? { undeployed_at: undeployedAt } : undefined
    );
  }

  startRun(body: Record<string, unknown>) {
    return this.call<{ run: { run_id: string; deployment_version: number } }>('POST', '/api/v1/runs', body);
  }

  finishRun(runId: string, body: Record<string, unknown>) {
    return this.call<{ run: unknown }>('POST', `/api/v1/runs/${encodeURIComponent(runId)}/finish`, body);
  }

  postLogs(records: unknown[]) {
    return this.call<{ accepted: number }>('POST', '/api/v1/logs', records);
  }

  /** Needs the read token. */
  scripts() {
    if (!this.opts.readToken) {throw new Error('a read token is needed to list scripts');}
    return this.call<{ scripts: Array<{ script: string; deployed: boolean; current_version: number | null }> }>(
      'GET',
      '/api/v1/scripts',
      undefined,
      this.opts.readToken
    );
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
