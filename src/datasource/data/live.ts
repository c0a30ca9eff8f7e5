import { LoadingState, type DataFrame, type DataQueryResponse, type Field } from '@grafana/data';
import { bufferTime, filter, Observable, type Subscription } from 'rxjs';
import { RECORD_FRAME, RECORD_LOGS_FRAME, recordStatus } from '../../shared/recordFrame';
import type { LogRow } from '../types';
import { logsFrame } from './frames/logsFrame';

/** How long new lines gather before the panel redraws (the SDK batches for 200 ms too). */
const REDRAW_MS = 250;

/** The run of a record still in progress (its logs keep arriving), with the lines it already shows. */
export function runInProgress(res: DataQueryResponse): { runId: string; logIds: Set<string> } | null {
  const record = res.data.find((f: DataFrame) => f.name === RECORD_FRAME && recordStatus(f) === 'in_progress');
  if (!record) {
    return null;
  }
  const runId = record.fields.find((f: Field) => f.name === 'run_id')?.values[0];
  const logs = res.data.find((f: DataFrame) => f.name === RECORD_LOGS_FRAME);
  const ids = logs?.fields.find((f: Field) => f.name === 'log_id')?.values ?? [];
  return typeof runId === 'string' ? { runId, logIds: new Set(ids as string[]) } : null;
}

/** The response with `rows` appended to its record_logs frame (same fields, same order). */
export function withLogs(res: DataQueryResponse, rows: LogRow[]): DataQueryResponse {
  return {
    ...res,
    data: res.data.map((frame: DataFrame) => {
      if (frame.name !== RECORD_LOGS_FRAME) {
        return frame;
      }
      const added = logsFrame(frame.refId ?? '', rows);
      return {
        ...frame,
        length: frame.length + added.length,
        fields: frame.fields.map((field, i) => ({ ...field, values: [...field.values, ...added.fields[i].values] })),
      };
    }),
  };
}

/**
 * Runs `read` once. When the answer is a record of a run in progress, follows the run's live
 * tail (`follow`: the log lines as the backend streams them, completing when the run ends):
 * each batch of new lines is emitted as a streaming update (the panel redraws in place), and
 * once the run has ended `read` runs again for its final status, output and every line.
 */
export function liveQuery(
  read: () => Promise<DataQueryResponse>,
  follow: (runId: string) => Observable<LogRow>,
  key?: string
): Observable<DataQueryResponse> {
  return new Observable<DataQueryResponse>((subscriber) => {
    let stopped = false;
    let tail: Subscription | undefined;
    const finish = () =>
      read()
        .then((res) => {
          if (!stopped) {
            subscriber.next({ ...res, key, state: LoadingState.Done });
            subscriber.complete();
          }
        })
        .catch((err) => !stopped && subscriber.error(err));

    read()
      .then((first) => {
        if (stopped) {
          return;
        }
        const live = runInProgress(first);
        if (!live) {
          subscriber.next({ ...first, key, state: LoadingState.Done });
          subscriber.complete();
          return;
        }
        let current: DataQueryResponse = { ...first, key, state: LoadingState.Streaming };
        subscriber.next(current);
        tail = follow(live.runId)
          .pipe(
            bufferTime(REDRAW_MS),
            filter((rows) => rows.length > 0)
          )
          .subscribe({
            next: (rows) => {
              const fresh = rows.filter((r) => !live.logIds.has(r.log_id));
              fresh.forEach((r) => live.logIds.add(r.log_id));
              if (fresh.length > 0) {
                current = withLogs(current, fresh);
                subscriber.next(current);
              }
            },
            // The run ended (or the tail failed for good): the final record either way.
            complete: finish,
            error: finish,
          });
      })
      .catch((err) => !stopped && subscriber.error(err));
    return () => {
      stopped = true;
      tail?.unsubscribe();
    };
  });
}
