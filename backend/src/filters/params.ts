import { z } from 'zod';
import { OPS_BY_KIND, arity as arityOf, valuesOf, type FilterColumn } from '@runlens/contract';

export const conditionSchema = z.object({
  field: z.string(),
  op: z.enum(['is', 'is_not', 'contains', 'gt', 'lt', 'between']),
  values: z.array(z.union([z.string(), z.number()])).min(1, 'at least one value'),
});
export type Condition = z.infer<typeof conditionSchema>;

/** A date as ISO-8601 or epoch milliseconds. */
export const instant = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const d = typeof v === 'number' || /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  if (Number.isNaN(d.getTime())) {
    ctx.addIssue({ code: 'custom', message: 'expected an ISO-8601 date or epoch milliseconds' });
    return z.NEVER;
  }
  return d;
});

/** `a,b` or repeated params, both give a list. */
export const list = z.union([z.string(), z.array(z.string())]).transform((v) =>
  (Array.isArray(v) ? v : [v])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean)
);

const jsonConditions = z
  .string()
  .transform((s, ctx) => {
    try {
      return JSON.parse(s) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'filters must be a JSON array of {field, op, values}' });
      return z.NEVER;
    }
  })
  .pipe(z.array(conditionSchema));

const DAY = 86_400_000;

/** SPEC's default range: the last 7 days (up to `to` when only that is given). */
export function defaultRange(r: { from?: Date; to?: Date }): { from: Date; to: Date } {
  const to = r.to ?? new Date();
  return { from: r.from ?? new Date(to.getTime() - 7 * DAY), to };
}

/** The query parameters every runs/logs read shares: scripts, range, filters, free text. */
export function selectionSchema(fields: Record<string, FilterColumn>) {
  return z
    .object({
      script: list.optional(),
      from: instant.optional(),
      to: instant.optional(),
      filters: jsonConditions.optional(),
      match: z.enum(['all', 'any']).default('all'),
      q: z.string().max(200).optional(),
    })
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
      s.conditions.forEach((c, i) => {
        const path = ['filters', i];
        const spec = fields[c.field];
        if (!spec) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'field'],
            message: `unknown field; one of ${Object.keys(fields).join(', ')}`,
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
        const arity = arityOf(c.op);
        const allowed = valuesOf(spec);
        if (arity !== null && c.values.length !== arity) {
          ctx.addIssue({ code: 'custom', path: [...path, 'values'], message: `${c.op} takes ${arity} value(s)` });
        }
        c.values.forEach((v, j) => {
          if (spec.kind === 'number' && !Number.isFinite(Number(v))) {
            ctx.addIssue({ code: 'custom', path: [...path, 'values', j], message: 'expected a number' });
          }
          if (allowed && (c.op === 'is' || c.op === 'is_not') && !allowed.includes(String(v))) {
            ctx.addIssue({ code: 'custom', path: [...path, 'values', j], message: `one of ${allowed.join(', ')}` });
          }
        });
      });
    });
}

export type Selection = z.output<ReturnType<typeof selectionSchema>>;

/** Paging and sorting of row lists; the first sortable column is the default sort. */
export function pageSchema(sortable: readonly [string, ...string[]]) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(50),
    cursor: z.string().max(2000).optional(),
    sort: z.enum(sortable).default(sortable[0]),
    order: z.enum(['asc', 'desc']).default('desc'),
  });
}
export type Page = z.output<ReturnType<typeof pageSchema>>;
