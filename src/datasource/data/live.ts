import { LoadingState, type DataQueryResponse } from '@grafana/data';
import { Observable } from 'rxjs';
import { recordStatus } from '../../shared/recordFrame';

export interface LiveOptions {
  /** Time between two reads while live. */
  pollMs: number;
  /** Stop after this many reads (a run stuck in progress must not poll forever). */
  maxPolls: number;
}

/** A record whose run is still in progress: its logs keep arriving (korelogger streams them). */
export function showsRunInProgress(res: DataQueryResponse): boolean {
  return res.data.some((frame) => recordStatus(frame) === 'in_progress');
}

/**
 * Runs `read` once; while `isLive` says so, reads again every pollMs and emits each answer as a
 * streaming update (the panel redraws in place), then completes with the final state.
 */
export function liveQuery(
  read: () => Promise<DataQueryResponse>,
  isLive: (res: DataQueryResponse) => boolean,
  options: LiveOptions,
  key?: string
): Observable<DataQueryResponse> {
  return new Observable<DataQueryResponse>((subscriber) => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = (n: number) => {
      read()
        .then((res) => {
          if (stopped) {
            return;
          }
          const live = isLive(res) && n < options.maxPolls;
          subscriber.next({ ...res, key, state: live ? LoadingState.Streaming : LoadingState.Done });
          if (live) {
            timer = setTimeout(() => tick(n + 1), options.pollMs);
          } else {
            subscriber.complete();
          }
        })
        .catch((err) => !stopped && subscriber.error(err));
    };
    tick(1);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  });
}
