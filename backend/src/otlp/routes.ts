import type { EventWindow } from '../http/eventWindow';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, Router } from 'express';
import type { Logger } from 'pino';
import { ApiError, toApiError } from '../http/errors';
import type { Metrics } from '../http/metrics';
import type { LogsService } from '../logs/service';
import { mapRequest } from './mapping';
import { decodeRequest, encodeResponse, encodeStatus } from './protobuf';

/**
 * `POST /v1/logs`: OTLP/HTTP logs (JSON or protobuf, optionally gzip) into the same ingest
 * path as `POST /api/v1/logs`. Answers follow the OTLP/HTTP specification: 200 with
 * `partialSuccess` for records that were refused, a google.rpc.Status body in the request's
 * encoding otherwise, `Retry-After` on 429 and 503 (the retryable ones).
 */

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

// google.rpc.Code values for the HTTP statuses this route answers.
const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 413: 8, 415: 3, 429: 8, 503: 14 };

const isProtobuf = (req: Request) => req.is(PROTOBUF) === PROTOBUF;

export interface OtlpOptions {
  bodyLimit: string;
  /** Requests handled at once by this instance; more get 429 with Retry-After. */
  maxConcurrent: number;
  /** Event times accepted, as for POST /api/v1/logs. */
  window: EventWindow;
}

/** Sheds load before reading the body: a client told 429 retries after Retry-After. */
function concurrencyLimit(max: number): RequestHandler {
  let inFlight = 0;
  return (_req, res, next) => {
    if (inFlight >= max) {
      return next(
        new ApiError(429, 'too_many_requests', `more than ${max} OTLP requests at once; retry later`, [], {
          'Retry-After': '1',
        })
      );
    }
    inFlight++;
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        inFlight--;
      }
    };
    res.on('finish', release);
    res.on('close', release);
    next();
  };
}

export function otlpRoutes(
  logs: LogsService,
  requireIngest: RequestHandler,
  metrics: Metrics,
  log: Logger,
  opts: OtlpOptions
): Router {
  const router = Router();

  router.post(
    '/v1/logs',
    requireIngest,
    concurrencyLimit(opts.maxConcurrent),
    (req, _res, next) =>
      next(
        req.is([JSON_TYPE, PROTOBUF])
          ? undefined
          : new ApiError(415, 'unsupported_media_type', `Content-Type must be ${JSON_TYPE} or ${PROTOBUF}`)
      ),
    // Both parsers inflate gzip (and deflate) bodies per Content-Encoding and enforce the limit.
    express.json({ limit: opts.bodyLimit, type: JSON_TYPE }),
    express.raw({ limit: opts.bodyLimit, type: PROTOBUF }),
    async (req, res) => {
      const protobuf = isProtobuf(req);
      let body: unknown = req.body;
      if (protobuf) {
        try {
          body = decodeRequest(req.body as Buffer);
        } catch (err) {
          throw new ApiError(
            400,
            'invalid_protobuf',
            `body is not an ExportLogsServiceRequest: ${(err as Error).message}`
          );
        }
      }
      const mapped = mapRequest(body, opts.window);
      if (mapped.records.length > 0) {
        await logs.ingest(mapped.records);
        metrics.ingested.inc({ kind: 'log' }, mapped.records.length);
      }
      const partialSuccess =
        mapped.rejected > 0
          ? { rejectedLogRecords: mapped.rejected, errorMessage: mapped.reasons.join('; ') }
          : undefined;
      if (protobuf) {
        res.type(PROTOBUF).send(encodeResponse(partialSuccess));
      } else {
        // int64 as a decimal string, as OTLP JSON encodes it.
        res.json(
          partialSuccess ? { partialSuccess: { ...partialSuccess, rejectedLogRecords: String(mapped.rejected) } } : {}
        );
      }
    }
  );

  const otlpErrors: ErrorRequestHandler = (err, req, res, _next) => {
    const e = toApiError(err, log);
    const detail = e.details.length ? `: ${e.details.map((d) => `${d.path}: ${d.message}`).join('; ')}` : '';
    const message = `${e.message}${detail}`;
    const code = GRPC_CODE[e.status] ?? 13;
    res.status(e.status).set(e.headers);
    if (isProtobuf(req)) {
      res.type(PROTOBUF).send(encodeStatus(code, message));
    } else {
      res.json({ code, message, details: [] });
    }
  };
  router.use('/v1/logs', otlpErrors);

  return router;
}
