import type { ErrorRequestHandler, RequestHandler } from 'express';
import { errors as esErrors } from '@elastic/elasticsearch';
import type { Logger } from 'pino';
import { z } from 'zod';
import { SelectionError } from '../filters/errors';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** An error whose status, code and message are meant for the client. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly headers: Record<string, string> = {}
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);

/** 400 with one entry per bad field, paths like `body.status` or `query.filters[0].op`. */
export function fromZod(error: z.ZodError, where: string): ApiError {
  const details = error.issues.map((issue) => ({
    path: [where, ...issue.path].reduce<string>(
      (acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)),
      ''
    ),
    message: issue.message,
  }));
  return new ApiError(400, 'invalid_request', `invalid ${where}`, details);
}

/** Elasticsearch unreachable or overloaded: the client should retry, nothing was stored. */
function isUnavailable(err: unknown): boolean {
  if (err instanceof esErrors.ConnectionError || err instanceof esErrors.TimeoutError) {
    return true;
  }
  if (err instanceof esErrors.NoLivingConnectionsError) {
    return true;
  }
  if (err instanceof esErrors.ResponseError) {
    return err.statusCode === 429 || err.statusCode === 503;
  }
  return false;
}

export const unavailable = () =>
  new ApiError(503, 'unavailable', 'Elasticsearch is unreachable; retry later', [], { 'Retry-After': '5' });

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new ApiError(404, 'not_found', `no route for ${req.method} ${req.path}`));
};

/** Maps every error to SPEC's `{error: {code, message, details}}`; never a stack trace. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let apiError: ApiError;
    if (err instanceof ApiError) {
      apiError = err;
    } else if (err instanceof SelectionError) {
      apiError = new ApiError(400, 'invalid_request', err.message, [
        { path: `query.${err.param}`, message: err.detail },
      ]);
    } else if (isUnavailable(err)) {
      apiError = unavailable();
    } else if (err instanceof esErrors.ResponseError && (err.statusCode === 401 || err.statusCode === 403)) {
      log.error({ status: err.statusCode }, 'Elasticsearch refused the backend credentials');
      apiError = new ApiError(
        502,
        'elasticsearch_auth',
        "Elasticsearch refused RunLens's credentials (ES_API_KEY or ES_USERNAME/ES_PASSWORD)"
      );
    } else if (err?.type === 'entity.too.large') {
      apiError = new ApiError(413, 'payload_too_large', `request body exceeds the limit of ${err.limit} bytes`, [
        { path: 'body', message: `larger than ${err.limit} bytes` },
      ]);
    } else if (err?.type === 'entity.parse.failed') {
      apiError = new ApiError(400, 'invalid_json', 'request body is not valid JSON', [
        { path: 'body', message: 'not valid JSON' },
      ]);
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      apiError = new ApiError(err.status, 'bad_request', String(err.message ?? 'bad request'));
    } else {
      log.error({ err }, 'unhandled error');
      apiError = new ApiError(500, 'internal', 'internal error');
    }
    if (apiError.status === 503) {
      log.warn(
        { code: apiError.code, cause: err instanceof ApiError ? undefined : String(err?.message ?? err) },
        apiError.message
      );
    }
    res
      .status(apiError.status)
      .set(apiError.headers)
      .json({ error: { code: apiError.code, message: apiError.message, details: apiError.details } });
  };
}
