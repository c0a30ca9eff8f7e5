import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ApiError } from './errors';

export type Scope = 'ingest' | 'read';

/** The middleware each scope's routes put first. */
export type Auth = Record<Scope, RequestHandler[]>;

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer-token auth with two separate token sets. A missing or unknown token is 401;
 * a known token of the other scope is 403.
 */
export function tokenAuth(tokens: Record<Scope, string[]>) {
  const digests = {
    ingest: tokens.ingest.map(digest),
    read: tokens.read.map(digest),
  };
  const has = (scope: Scope, token: string) => {
    const d = digest(token);
    return digests[scope].some((known) => timingSafeEqual(known, d));
  };
  return (scope: Scope): RequestHandler =>
    (req, _res, next) => {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(.+)$/i.exec(header);
      if (!match?.[1]) {
        return next(new ApiError(401, 'unauthorized', 'missing bearer token', [], { 'WWW-Authenticate': 'Bearer' }));
      }
      const token = match[1].trim();
      if (has(scope, token)) {
        return next();
      }
      const other: Scope = scope === 'read' ? 'ingest' : 'read';
      if (has(other, token)) {
        return next(new ApiError(403, 'forbidden', `this token has the ${other} scope; ${scope} is required`));
      }
      return next(new ApiError(401, 'unauthorized', 'unknown token', [], { 'WWW-Authenticate': 'Bearer' }));
    };
}
