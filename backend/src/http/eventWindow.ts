import type { ErrorDetail } from './errors';

/**
 * The event times ingest accepts: no older than retention (it would be dropped within the
 * hour, or create an index for nothing) and no further ahead than a little clock skew.
 * Checked for every line before anything is written, so a refused line creates no index.
 */
export interface EventWindow {
  /** A detail naming the field when `at` (ISO) is outside the window, else null. */
  check(at: string, path: string): ErrorDetail | null;
}

export function eventWindow(
  opts: { retentionDays: number; maxFutureMinutes: number },
  now: () => number = Date.now
): EventWindow {
  return {
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
}
