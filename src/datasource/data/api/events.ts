import { getBackendSrv } from '@grafana/runtime';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { Observable } from 'rxjs';
import { toApiError } from './errors';

/**
 * A Server-Sent Events stream from the backend through Grafana's data proxy
 * (`getBackendSrv().chunked()`), resumed after the last event id whenever the response ends
 * early: the proxy cuts long responses at its timeout, and the backend ends its own after
 * `TAIL_MAX_MS`. Completes after an `end` event; errors after several failed connections in a row.
 */
export interface StreamOptions {
  /** Wait before reconnecting (ms). */
  retryMs?: number;
  /** Connections in a row that may fail before the stream errors. */
  maxFailures?: number;
}

export function eventStream(url: (lastEventId?: string) => string, options: StreamOptions = {}) {
  const retryMs = options.retryMs ?? 1000;
  const maxFailures = options.maxFailures ?? 5;
  return new Observable<EventSourceMessage>((subscriber) => {
    let lastEventId: string | undefined;
    let failures = 0;
    let done = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let current: { unsubscribe(): void } | undefined;

    const connect = () => {
      const decoder = new TextDecoder();
      const parser = createParser({
        onEvent: (event) => {
          failures = 0;
          if (event.id) {
            lastEventId = event.id;
          }
          if (event.event === 'end') {
            done = true;
          }
          subscriber.next(event);
          if (done) {
            subscriber.complete();
          }
        },
      });
      const reconnect = (err?: unknown) => {
        if (done || subscriber.closed) {
          return;
        }
        if (err !== undefined && ++failures >= maxFailures) {
          subscriber.error(toApiError(err));
          return;
        }
        timer = setTimeout(connect, retryMs);
      };
      current = getBackendSrv()
        .chunked({ url: url(lastEventId), method: 'GET', showErrorAlert: false, showSuccessAlert: false })
        .subscribe({
          next: (chunk) => chunk.data && parser.feed(decoder.decode(chunk.data, { stream: true })),
          error: (err) => reconnect(err),
          complete: () => reconnect(),
        });
    };
    connect();
    return () => {
      done = true;
      clearTimeout(timer);
      current?.unsubscribe();
    };
  });
}
