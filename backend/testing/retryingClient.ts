/**
 * An ingest client with the platform's retry semantics, as the SDKs do: connection errors,
 * timeouts and 5xx are retried after a pause until a 2xx; any other answer is an error. A
 * call that resolves was acknowledged (2xx), which fault and node-loss checks count.
 * `onRetry` hears each retried attempt (a status, or the connection error's message).
 */
export function retryingClient(
  baseUrl: () => string,
  token: string,
  { deadlineMs = 300_000, onRetry }: { deadlineMs?: number; onRetry?: (reason: string) => void } = {}
) {
  return async function send(method: string, path: string, body: unknown): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      let refused: Error | null = null;
      let reason = '';
      try {
        const res = await fetch(`${baseUrl()}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        if (res.ok) {
          return;
        }
        if (res.status < 500) {
          refused = new Error(`${method} ${path} -> ${res.status} ${await res.text()}`);
        }
        reason = String(res.status);
      } catch (err) {
        // A connection error or timeout: retried.
        reason = err instanceof Error ? err.message : String(err);
      }
      if (refused) {
        throw refused;
      }
      if (Date.now() > deadline) {
        throw new Error(`${method} ${path}: no 2xx within ${deadlineMs / 1000} s`);
      }
      onRetry?.(reason);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
}
