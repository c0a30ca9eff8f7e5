import { ApiError, type ErrorDetail } from './errors';

/**
 * The event times ingest accepts: no older than retention (it would be dropped within the
 * hour, or create an index for nothing) and no further ahead than a little clock skew.
 * Checked for every line before anything is written, so a refused line creates no index.
 */
export interface EventWindow {
  /** A detail naming the field when `at` (ISO) is outside the window, else null. */
  check(at: string, path: string): ErrorDetail | null;
  /** Throws a 400 naming the field when `at` is given and outside the window. */
  require(at: string | undefined, path: string): void;
}

export function eventWindow(
  opts: { retentionDays: number; maxFutureMinutes: number },
  now: () => number = Date.now
): EventWindow {
  const window: EventWindow = {
    require(at, path) {
      const problem = at ? window.check(at, path) : null;
      if (problem) {
        throw new ApiError(400, 'invalid_request', 'invalid body', [problem]);
      }
    },
    check(at, path) {
      const t = Date.parse(at);
      const oldest = now() - opts.retentionDays * 86_400_000;
      const latest = now() + opts.maxFutureMinutes * 60_000;
      if (t < oldest) {
        return { path, message: `older than the retention of ${opts.retentionDays} days` };
      }
      if (t > latest) {
        return { path, message: `more than ${opts.maxFutureMinutes} minutes in the future` };
      }
      return null;
    },
  };
  return window;
}
