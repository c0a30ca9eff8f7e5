import { z } from 'zod';
import { arity, FILTER_OPS, OPS_BY_KIND, valuesOf, type FilterColumn } from './columns';
import { MATCHES, SORT_ORDERS } from './enums';

/**
 * The query parameters every runs and logs read shares (scripts, range, filters, free text)
 * and the paging of row lists. The same schema validates in the backend and documents the
 * parameters in openapi.yaml.
 */

/** Query parameters whose value is JSON: what the JSON holds, for the OpenAPI document. */
export const jsonQueryContent = new WeakMap<z.ZodType, z.ZodType>();

export const filterValues = z.array(z.union([z.string(), z.number()])).min(1, 'at least one value');

export const conditionSchema = z.object({
  field: z.string(),
  op: z.enum(FILTER_OPS),
  values: filterValues,
});
export type Condition = z.infer<typeof conditionSchema>;

/** A date as ISO-8601 or epoch milliseconds. */
export const instant = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const d = typeof v === 'number' || /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
    if (Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 date or epoch milliseconds' });
      return z.NEVER;
    }
    return d;
  })
  .meta({ description: 'ISO-8601 date(-time) or epoch milliseconds' });

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
    .pipe(z.array(conditionSchema))
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
    const spec = columns[c.field];
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
      if (spec.kind === 'number' && !Number.isFinite(Number(v))) {
        ctx.addIssue({ code: 'custom', path: [...path, 'values', j], message: 'expected a number' });
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

function isTimeZone(tz: string): boolean {
  if (/^[+-]\d{2}:\d{2}$/.test(tz)) {
    return true;
  }
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
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
    .refine(isTimeZone, 'an IANA time zone like Europe/Paris, or an offset like +02:00')
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
