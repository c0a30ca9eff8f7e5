import { z } from 'zod';

/** The error body of every error answer, and the codes the API answers with. */

export const ERROR_CODES = [
  'invalid_request',
  'invalid_json',
  'rejected',
  'bad_request',
  'unauthorized',
  'forbidden',
  'not_found',
  'not_deployed',
  'script_not_deployed',
  'payload_too_large',
  'unavailable',
  'internal',
  'user_required',
  'not_ready',
  'expired',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** One bad field: where it is and what is wrong. */
export const errorDetail = z
  .object({
    path: z
      .string()
      .meta({ description: 'Where the problem is, e.g. `body.status`, `body[2].level`, `query.filters[0].op`' }),
    message: z.string(),
  })
  .meta({ id: 'ErrorDetail' });
export type ErrorDetail = z.infer<typeof errorDetail>;

const errorOf = <C extends z.ZodType>(code: C, details: z.ZodType = z.array(errorDetail)) =>
  z.object({ error: z.object({ code, message: z.string().min(1), details }) });

/** Every error answer of the API: never a stack trace. */
export const errorBody = errorOf(z.enum(ERROR_CODES)).meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBody>;

/** The error body of an answer that only ever carries these codes (and no details, unless said). */
export const errorWith = (codes: readonly [ErrorCode, ...ErrorCode[]], opts: { details?: boolean } = {}) =>
  errorOf(
    codes.length === 1 ? z.literal(codes[0]) : z.enum(codes),
    opts.details === false ? z.array(errorDetail).max(0) : undefined
  );
