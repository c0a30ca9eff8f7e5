import { ApiError, type ErrorDetail } from './errors';

/**
 * The event times ingest accepts: no older than retention (it would be dropped within the
 * hour, or create an index for nothing) and no further ahead than a little clock skew.
 * Checked for every line before anything is written, so a refused line creates no index.
 */
export interface EventWindow {
  /** A detail naming the field when `at` (ISO, as the schemas' date types give it) is outside the window, else null. */
  check(at: string, path: string): ErrorDetail | null;
  /** Throws a 400 naming the field when `at` is given and outside the window. */
  require(at: string | undefined, path: string): void;
}

export function eventWindow(
  opts: { retentionDays: number; maxFutureMinutes: number },
  now: () => number = Date.now
): EventWindow {
  // The bounds as of the current millisecond, kept for the lines checked within it.
  let boundsAt = Number.NaN;
  let bounds = { oldest: 0, latest: 0, oldestIso: '', latestIso: '' };
  const boundsNow = () => {
    const t = now();
    if (t !== boundsAt) {
      const oldest = t - opts.retentionDays * 86_400_000;
      const latest = t + opts.maxFutureMinutes * 60_000;
      bounds = { oldest, latest, oldestIso: new Date(oldest).toISOString(), latestIso: new Date(latest).toISOString() };
      boundsAt = t;
    }
    return bounds;
  };
  const window: EventWindow = {
    require(at, path) {
      const problem = at ? window.check(at, path) : null;
      if (problem) {
        throw new ApiError(400, 'invalid_request', 'invalid body', [problem]);
      }
    },
    check(at, path) {
      const b = boundsNow();
      // The schemas' dates are ISO in UTC (toISOString's form), which sorts as it reads: no
      // date is parsed per line. Any other form is parsed.
      const canonical = at.length === 24 && at.endsWith('Z');
      if (canonical ? at < b.oldestIso : Date.parse(at) < b.oldest) {
        return { path, message: `older than the retention of ${opts.retentionDays} days` };
      }
      if (canonical ? at > b.latestIso : Date.parse(at) > b.latest) {
        return { path, message: `more than ${opts.maxFutureMinutes} minutes in the future` };
      }
      return null;
    },
  };
  return window;
}
