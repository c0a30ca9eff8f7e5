import { z } from 'zod';
import { LOG_FILTER_FIELDS, LOG_SORTS, RUN_FILTER_FIELDS, RUN_SORTS } from './columns';
import { dateTime, nullableDateTime, nullableString } from './common';
import { MATCHES, SORT_ORDERS } from './enums';
import { conditionSchema, from, scriptList, to } from './selection';

/** CSV export jobs: `/api/v1/exports`, per Grafana user. */

export const EXPORT_KINDS = ['runs', 'logs'] as const;
export const EXPORT_STATES = ['queued', 'running', 'done', 'failed', 'cancelled', 'expired'] as const;

/**
 * The Grafana user a request is for: Grafana's data proxy sends it with
 * `[dataproxy] send_user_header = true`.
 */
export const exportUserHeaders = z.object({
  'X-Grafana-User': z.string().trim().min(1, 'required').max(256).meta({
    description:
      'The Grafana user the request is for (the data proxy sends it with `[dataproxy] send_user_header = true`). Exports belong to this user; without it the request is refused with 400 (`user_required`).',
  }),
});

export const exportParams = z.object({ id: z.uuid('an export id') });

const selectionBody = {
  script: scriptList.optional(),
  from: from.optional(),
  to: to.optional(),
  match: z.enum(MATCHES).default('all'),
  q: z.string().max(200).optional(),
  order: z.enum(SORT_ORDERS).default('desc'),
};
const conditionOn = (fields: Record<string, unknown>) =>
  conditionSchema.extend({ field: z.enum(Object.keys(fields) as [string, ...string[]]) });

/** The body of an export: the list route's selection and sort, `filters` as the array itself. */
export const runExportBody = z
  .object({
    kind: z.literal('runs'),
    ...selectionBody,
    filters: z.array(conditionOn(RUN_FILTER_FIELDS)).optional(),
    sort: z.enum(RUN_SORTS).default(RUN_SORTS[0]),
  })
  .meta({ id: 'RunExportRequest' });
export const logExportBody = z
  .object({
    kind: z.literal('logs'),
    ...selectionBody,
    filters: z.array(conditionOn(LOG_FILTER_FIELDS)).optional(),
    sort: z.enum(LOG_SORTS).default(LOG_SORTS[0]),
  })
  .meta({ id: 'LogExportRequest' });
export const exportBody = z.discriminatedUnion('kind', [runExportBody, logExportBody]).meta({
  id: 'ExportRequest',
  description:
    'The selection `GET /api/v1/runs` / `GET /api/v1/logs` take (same names and rules), with `filters` as the array itself. Unknown fields are ignored.',
});
export type ExportBody = z.input<typeof exportBody>;

export const exportJob = z
  .object({
    id: z.uuid(),
    kind: z.enum(EXPORT_KINDS),
    state: z.enum(EXPORT_STATES).meta({
      description:
        '`running` until every row is written (`done`), or `cancelled`, `failed` (with `error`), `expired` (file removed after its TTL)',
    }),
    file_name: z.string(),
    request: z
      .record(z.string(), z.unknown())
      .meta({
        description: 'The selection as the service read it (scripts, from, to, filters, match, q, sort, order)',
      }),
    rows_expected: z.number().int().min(0),
    rows_written: z.number().int().min(0),
    bytes: z.number().int().min(0).nullable(),
    error: nullableString,
    created_at: dateTime,
    updated_at: dateTime,
    finished_at: nullableDateTime,
    expires_at: dateTime,
  })
  .meta({ id: 'Export' });
export type ExportJob = z.infer<typeof exportJob>;

export const exportEnvelope = z.object({ export: exportJob }).meta({ id: 'ExportEnvelope' });
export const exportsResponse = z.object({ exports: z.array(exportJob) });

export const exportLocation = z.string().regex(/^\/api\/v1\/exports\/[0-9a-f-]{36}$/);
export const contentDisposition = z.string().regex(/^attachment; filename="?[^"]+_(runs|logs)_data\.csv"?$/);
export const csvText = z.string().meta({
  description:
    'UTF-8 CSV with a byte-order mark: a header row of the table column labels, dates ISO-8601 UTC, input and output as JSON text; text cells a spreadsheet would run as a formula start with a single quote.',
});
