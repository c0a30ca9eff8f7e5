/**
 * An ingest client with the platform's retry semantics, as the SDKs do: connection errors,
 * timeouts and 5xx are retried after a pause until a 2xx; any other answer is an error. A
 * call that resolves was acknowledged (2xx), which fault and node-loss checks count.
 */
export function retryingClient(baseUrl: () => string, token: string, deadlineMs = 300_000) {
  return async function send(method: string, path: string, body: unknown): Promise<void> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      let refused: Error | null = null;
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
      } catch {
        /* connection error or timeout: retried */
      }
      if (refused) {
        throw refused;
      }
      if (Date.now() > deadline) {
        throw new Error(`${method} ${path}: no 2xx within ${deadlineMs / 1000} s`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
}
