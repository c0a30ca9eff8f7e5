import { isFetchError } from '@grafana/runtime';

/** A failed call to the backend, with the backend's error code when it sent one. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code?: string
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

interface BackendErrorBody {
  error?: { code?: string; message?: string; details?: Array<{ path?: string; message?: string }> };
  message?: string;
}

export function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) {
    return err;
  }
  if (isFetchError<BackendErrorBody>(err)) {
    const body = err.data;
    const e = body?.error;
    if (e?.message) {
      const details = (e.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).filter(Boolean);
      return new ApiError(details.length ? `${e.message} (${details.join('; ')})` : e.message, err.status, e.code);
    }
    // No backend error body: the data proxy itself answered (backend unreachable, bad URL).
    const text = body?.message || err.statusText || 'request failed';
    return new ApiError(`${text} (HTTP ${err.status})`, err.status);
  }
  return new ApiError(err instanceof Error ? err.message : String(err), 0);
}
