import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';

/** Request headers that carry credentials: never written to the log, right or wrong. */
const SECRET_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];
const REDACTED = '[redacted]';

/**
 * The service's logger. `redact` also covers credentials anywhere a request or an
 * Elasticsearch client error (whose `meta` carries the request it sent, with our
 * Elasticsearch credentials) ends up in a log line.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'runlens-backend' },
    redact: {
      paths: [
        ...SECRET_HEADERS.map((h) => `req.headers["${h}"]`),
        ...SECRET_HEADERS.map((h) => `headers["${h}"]`),
        'err.meta',
        'err.headers',
        'cause.meta',
      ],
      censor: REDACTED,
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Copies of the request headers with every credential replaced. */
export function redactHeaders(headers: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = { ...headers };
  for (const name of Object.keys(out)) {
    if (SECRET_HEADERS.includes(name.toLowerCase())) {
      out[name] = REDACTED;
    }
  }
  return out;
}

/**
 * The access log: one line per request, credentials redacted here as well, so the rule
 * holds whatever logger the app is given.
 */
export function requestLogger(log: Logger) {
  return pinoHttp({
    logger: log,
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' },
    serializers: {
      req: (req: { headers?: Record<string, unknown> }) => ({ ...req, headers: redactHeaders(req.headers) }),
    },
  });
}
