import { LoadingState, type DataQueryResponse } from '@grafana/data';
import { bufferTime, filter, map, type Observable, scan } from 'rxjs';
import type { LogRow } from '../types';
import { logsFrame } from './frames/logsFrame';

/** Lines an Explore live tail keeps on screen (the newest). */
export const LIVE_MAX_ROWS = 1000;
const REDRAW_MS = 250;

/**
 * Explore's Live for a logs query: the selection's lines as the backend streams them
 * (`rows`), redrawn in batches as one growing logs frame of the newest lines. Never completes:
 * Explore unsubscribes when Live stops.
 */
export function liveLogs(
  refId: string,
  rows: Observable<LogRow>,
  maxRows = LIVE_MAX_ROWS
): Observable<DataQueryResponse> {
  return rows.pipe(
    bufferTime(REDRAW_MS),
    filter((batch) => batch.length > 0),
    scan((kept: LogRow[], batch) => [...kept, ...batch].slice(-maxRows), []),
    map((kept) => ({ data: [logsFrame(refId, kept)], key: `${refId}-live`, state: LoadingState.Streaming }))
  );
}
