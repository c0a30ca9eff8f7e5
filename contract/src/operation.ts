import type { z } from 'zod';
import { errorWith } from './errors';

/** What one route of the API is: the rows of the table in operations.ts. */

export type Scope = 'ingest' | 'read';

export interface Answer {
  description: string;
  /** JSON body schema; `text` for a text/plain body. */
  body?: z.ZodType;
  text?: z.ZodType;
  /** A `text/event-stream` body (Server-Sent Events). */
  stream?: z.ZodType;
  /** Also answered as `application/x-protobuf` (OTLP, when the request was protobuf). */
  protobuf?: boolean;
  /** A text/csv body. */
  csv?: z.ZodType;
  /** Headers the answer always carries, by name. */
  headers?: Record<string, z.ZodType>;
  retryAfter?: boolean;
  wwwAuthenticate?: boolean;
}

/** Error answers every operation shares, by status. */
export const STANDARD_ERRORS = {
  400: {
    description:
      'Invalid request (`invalid_request`, one detail per bad field), malformed JSON body (`invalid_json`), or a log line Elasticsearch refused (`rejected`)',
    body: errorWith(['invalid_request', 'invalid_json', 'rejected', 'bad_request'], { details: true }),
  },
  401: {
    description:
      'Missing or unknown bearer token (`unauthorized`), with `WWW-Authenticate: Bearer`. The token is checked before the body is read: without a valid one the answer is 401 whatever the body.',
    body: errorWith(['unauthorized'], { details: false }),
  },
  403: {
    description: 'A valid token of the other scope (`forbidden`)',
    body: errorWith(['forbidden'], { details: false }),
  },
  404: { description: 'No such script or run (`not_found`)', body: errorWith(['not_found'], { details: false }) },
  413: {
    description: 'The body exceeds `BODY_LIMIT` (`payload_too_large`)',
    body: errorWith(['payload_too_large'], { details: true }),
  },
  503: {
    description:
      'Elasticsearch is unreachable or overloaded (`unavailable`); nothing was stored, retry after `Retry-After` seconds',
    body: errorWith(['unavailable'], { details: true }),
    retryAfter: true,
  },
} satisfies Record<number, Answer>;
export type StandardStatus = keyof typeof STANDARD_ERRORS;

export interface Operation {
  operationId: string;
  method: 'get' | 'post' | 'delete';
  /** OpenAPI form: `/api/v1/runs/{run_id}`. */
  path: string;
  tag: 'service' | 'scripts' | 'runs' | 'logs' | 'exports';
  summary: string;
  description?: string;
  /** The token scope; none for the service routes. */
  scope?: Scope;
  params?: z.ZodObject;
  /** Request headers, by name. */
  headers?: z.ZodObject;
  /** Query parameter objects, in the order they are documented. */
  query?: z.ZodObject[];
  body?: { required: boolean; json: z.ZodType; ndjson?: z.ZodType; protobuf?: boolean };
  /** Answers of this operation; the standard errors are listed by status only. */
  answers: Record<number, Answer | StandardStatus>;
}

export const std = (...statuses: StandardStatus[]) =>
  Object.fromEntries(statuses.map((s) => [s, s])) as Record<number, StandardStatus>;
export const readErrors = std(400, 401, 403, 503);
export const ingestErrors = (...more: StandardStatus[]) => std(400, 401, 403, ...more, 503);
