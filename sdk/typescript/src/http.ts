/**
 * The run wrapper's calls to the RunLens API (start, the stdout/stderr batch, finish): JSON
 * over fetch, retried with backoff on network errors, 429 and 5xx, honouring Retry-After.
 * They resolve to null instead of throwing: observability never fails the script.
 */
export interface ApiTarget {
  url: string;
  token: string;
}

const ATTEMPTS = 5;
const MAX_WAIT_MS = 5000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function retryAfterMs(header: string | null): number | undefined {
  if (!header) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return seconds * 1000;
  }
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export async function postJson<T>(api: ApiTarget, path: string, body: unknown, timeoutMs = 10_000): Promise<T | null> {
  let backoff = 200;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    let wait = backoff;
    try {
      const res = await fetch(`${api.url}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.ok) {
        return (await res.json()) as T;
      }
      if (res.status !== 429 && res.status < 500) {
        process.stderr.write(`runlens: ${path} answered ${res.status}: ${await res.text()}\n`);
        return null;
      }
      wait = retryAfterMs(res.headers.get('retry-after')) ?? backoff;
    } catch {
      // Network error or timeout: retried below.
    }
    if (attempt < ATTEMPTS) {
      await sleep(Math.min(wait, MAX_WAIT_MS));
      backoff *= 2;
    }
  }
  process.stderr.write(`runlens: ${path} failed after ${ATTEMPTS} attempts\n`);
  return null;
}
