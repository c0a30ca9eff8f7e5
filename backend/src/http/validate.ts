import type { z } from 'zod';
import { fromZod } from './errors';

/** Parses a request part with a schema; a failure becomes a 400 with field paths. */
export function parse<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw fromZod(result.error, where);
  }
  return result.data;
}
