import type { estypes } from '@elastic/elasticsearch';
import { ApiError } from '../http/errors';

/**
 * A position in the log sort order (timestamp, seq, log_id), as an SSE event id. Opaque to
 * clients; any backend instance can resume from it, so a stream needs no server state.
 */
export type Cursor = [timestamp: number, seq: number, logId: string];

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(id: string, where: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (
      Array.isArray(c) &&
      c.length === 3 &&
      Number.isFinite(c[0]) &&
      Number.isFinite(c[1]) &&
      typeof c[2] === 'string'
    ) {
      return c as Cursor;
    }
  } catch {
    // falls through to the 400
  }
  throw new ApiError(400, 'invalid_request', `invalid ${where}`, [
    { path: where, message: 'not an event id this service sent' },
  ]);
}

export function cursorOf(sort: estypes.SortResults | undefined): Cursor {
  const [ts, seq, id] = sort ?? [];
  return [Number(ts), Number(seq), String(id)];
}

/** Sort order of two cursors. */
export function compareCursors(a: Cursor, b: Cursor): number {
  return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
}
