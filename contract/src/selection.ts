import { z } from 'zod';
import { arity, FILTER_OPS, OPS_BY_KIND, valuesOf, type FilterColumn } from './columns';
import { MATCHES, SORT_ORDERS } from './enums';
import { INTEGER_COLUMNS, MAX_INT32, strictInstant } from './inputs';

/**
 * The query parameters every runs and logs read shares (scripts, range, filters, free text)
 * and the paging of row lists. The same schema validates in the backend and documents the
 * parameters in openapi.yaml.
 */

/** Query parameters whose value is JSON: what the JSON holds, for the OpenAPI document. */
export const jsonQueryContent = new WeakMap<z.ZodType, z.ZodType>();

export const filterValues = z
  .array(z.union([z.string().max(1024), z.number()]))
  .min(1, 'at least one value')
  .max(1000);

export const conditionSchema = z.object({
  field: z.string(),
  op: z.enum(FILTER_OPS),
  values: filterValues,
});
export type Condition = z.infer<typeof conditionSchema>;

/** A date as ISO-8601 or epoch milliseconds: the one strict parser (inputs.ts). */
export const instant = strictInstant.meta({ description: 'ISO-8601 date(-time) or epoch milliseconds, 1970-9999' });

/** `a,b` or repeated params, both give a list. */
export const list = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
);

export const scriptList = list.meta({
  description: 'Scripts to include (all when absent); repeat the parameter or separate with commas',
});
export const from = instant.meta({
  description: 'Start of the range (inclusive), ISO-8601 or epoch milliseconds; default `to` minus 7 days',
});
export const to = instant.meta({
  description:
    'End of the range (inclusive), ISO-8601 or epoch milliseconds; default now. `from` after `to` is a 400 on the runs/logs reads.',
});

const DAY = 86_400_000;

/** SPEC's default range: the last 7 days (up to `to` when only that is given). */
export function defaultRange(r: { from?: Date; to?: Date }): { from: Date; to: Date } {
  const to = r.to ?? new Date();
  return { from: r.from ?? new Date(to.getTime() - 7 * DAY), to };
}

/** The `filters` parameter: a JSON array of conditions on the given columns. */
function filtersParam(columns: Record<string, FilterColumn>, example: string) {
  const param = z
    .string()
    .transform((s, ctx) => {
      try {
        return JSON.parse(s) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'filters must be a JSON array of {field, op, values}' });
        return z.NEVER;
      }
    })
    .pipe(z.array(conditionSchema).max(50))
    .meta({ description: `JSON array of conditions, e.g. \`${example}\`` });
  const names = Object.keys(columns) as [string, ...string[]];
  const byKind = (['keyword', 'number', 'text'] as const)
    .map((kind) => [kind, names.filter((n) => columns[n]!.kind === kind)] as const)
    .filter(([, ns]) => ns.length > 0)
    .map(([kind, ns]) => `${kind}: ${ns.join(', ')}`)
    .join('; ');
  jsonQueryContent.set(param, z.array(conditionSchema.extend({ field: z.enum(names).meta({ description: byKind }) })));
  return param;
}

/** Checks each condition against the columns: known field, operator of its kind, arity, values. */
function checkConditions(conditions: Condition[], columns: Record<string, FilterColumn>, ctx: z.RefinementCtx) {
  conditions.forEach((c, i) => {
    const path = ['filters', i];
    // Own keys only: `__proto__`, `constructor` or `toString` are not columns.
    const spec = Object.hasOwn(columns, c.field) ? columns[c.field] : undefined;
    if (!spec) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'field'],
        message: `unknown field; one of ${Object.keys(columns).join(', ')}`,
      });
      return;
    }
    if (!OPS_BY_KIND[spec.kind].includes(c.op)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'op'],
        message: `${c.field} takes ${OPS_BY_KIND[spec.kind].join(', ')}`,
      });
      return;
    }
    const n = arity(c.op);
    if (n !== null && c.values.length !== n) {
      ctx.addIssue({ code: 'custom', path: [...path, 'values'], message: `${c.op} takes ${n} value(s)` });
    }
    const allowed = valuesOf(spec);
    c.values.forEach((v, j) => {
      const num = Number(v);
      if (spec.kind === 'number' && (!Number.isFinite(num) || String(v).trim() === '')) {
        ctx.addIssue({ code: 'custom', path: [...path, 'values', j], message: 'expected a number' });
      } else if (
        INTEGER_COLUMNS.includes(c.field) &&
        (Math.abs(num) > MAX_INT32 || (!Number.isInteger(num) && (c.op === 'is' || c.op === 'is_not')))
      ) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, 'values', j],
          message: `expected an integer between -${MAX_INT32} and ${MAX_INT32}`,
        });
      }
      if (allowed && (c.op === 'is' || c.op === 'is_not') && !allowed.includes(String(v))) {
        ctx.addIssue({ code: 'custom', path: [...path, 'values', j], message: `one of ${allowed.join(', ')}` });
      }
    });
  });
}

/** The selection parameters of a runs or logs read, as they arrive (before defaults). */
export function selectionParams(columns: Record<string, FilterColumn>, example: string) {
  return z.object({
    script: scriptList.optional(),
    from: from.optional(),
    to: to.optional(),
    filters: filtersParam(columns, example).optional(),
    match: z
      .enum(MATCHES)
      .default('all')
      .meta({ description: 'Join the `filters` conditions with AND (`all`) or OR (`any`)' }),
    q: z
      .string()
      .max(200)
      .optional()
      .meta({ description: 'Free text, a case-insensitive substring of any free-text column' }),
  });
}

/** The selection a read works on: defaults applied, conditions checked against the columns. */
export function selectionSchema(columns: Record<string, FilterColumn>, example: string) {
  return selectionParams(columns, example)
    .transform((s) => ({
      // Which query a cursor belongs to: what the caller asked for (a range left to its
      // default is "the last 7 days" on every page, not a new query).
      key: selectionKey([s.script, s.from?.getTime(), s.to?.getTime(), s.filters, s.match, s.q]),
      scripts: s.script ?? [],
      ...defaultRange(s),
      conditions: s.filters ?? [],
      match: s.match,
      q: s.q?.trim() || undefined,
    }))
    .superRefine((s, ctx) => {
      if (s.from > s.to) {
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must not be after to' });
      }
      checkConditions(s.conditions, columns, ctx);
    });
}
export type Selection = z.output<ReturnType<typeof selectionSchema>>;

/** Paging and sorting of row lists; the first sortable column is the default sort. */
export function pageSchema(sortable: readonly [string, ...string[]], sortDescription: string) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    cursor: z.string().max(2000).optional().meta({ description: '`next_cursor` of the previous page (opaque)' }),
    sort: z.enum(sortable).default(sortable[0]).meta({ description: sortDescription }),
    order: z.enum(SORT_ORDERS).default('desc'),
  });
}
export type Page = z.output<ReturnType<typeof pageSchema>>;

/** Time-series buckets: interval and time zone. */
export const INTERVAL = /^[1-9]\d{0,3}[mhd]$/;

/**
 * Time zones as Elasticsearch takes them: an offset within ±18:00, or a zone name, which
 * Elasticsearch itself judges (Java knows its own time-zone data and spelling: it is
 * case-sensitive and has no `EST`); the backend answers its refusal as a 400 on `query.tz`.
 */
function isTimeZone(tz: string): boolean {
  const offset = /^[+-](\d{2}):(\d{2})$/.exec(tz);
  if (offset) {
    return Number(offset[2]) < 60 && Number(offset[1]) * 60 + Number(offset[2]) <= 18 * 60;
  }
  return /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz);
}

export const TZ_HINT = 'a time zone like Europe/Paris (spelt exactly) or UTC, or an offset within ±18:00 like +02:00';

/** A short stable key of a value (FNV-1a over its JSON), without node:crypto: the plugin imports this module too. */
function selectionKey(value: unknown): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const ch of JSON.stringify(value) ?? '') {
    const c = ch.codePointAt(0)!;
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(36) + h2.toString(36);
}

export const bucketsQuery = z.object({
  interval: z
    .string()
    .regex(INTERVAL, 'like 5m, 1h or 1d')
    .optional()
    .meta({ description: 'Bucket length, a number (1-9999) and a unit m, h or d', examples: ['5m', '1h', '1d'] }),
  tz: z
    .string()
    .max(64)
    .refine(isTimeZone, TZ_HINT)
    .default('UTC')
    .meta({ description: 'Time zone of the buckets, an IANA name like Europe/Paris or an offset like +02:00' }),
});

/** A page of rows, its exact total and the cursor of the next one. */
export const rowsPage = <T extends z.ZodType>(row: T) =>
  z.object({
    total: z.number().int().min(0),
    rows: z.array(row),
    next_cursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as `cursor` for the next page; null on the last page' }),
  });
export interface RowsPage<T> {
  total: number;
  rows: T[];
  next_cursor: string | null;
}
