import { z } from 'zod';
import { instant } from './selection';

/**
 * Real-time routes: OTLP/HTTP logs in (`POST /v1/logs`) and the live tails (SSE) out.
 */

// OTLP JSON (opentelemetry-proto's ExportLogsServiceRequest): the envelope must be well formed
// (else 400); records are mapped and checked one by one, a bad one counted in partialSuccess.
const keyValues = z.array(z.looseObject({ key: z.string() })).nullish();
export const otlpLogsRequest = z
  .looseObject({
    resourceLogs: z
      .array(
        z.looseObject({
          resource: z.looseObject({ attributes: keyValues }).nullish(),
          scopeLogs: z
            .array(
              z.looseObject({
                scope: z.looseObject({ name: z.string().nullish(), version: z.string().nullish() }).nullish(),
                logRecords: z.array(z.looseObject({})).nullish(),
              })
            )
            .nullish(),
        })
      )
      .nullish(),
  })
  .meta({
    id: 'OtlpLogsRequest',
    description: 'An ExportLogsServiceRequest in OTLP JSON (opentelemetry-proto); unknown fields are ignored',
  });

export const otlpLogsResponse = z
  .object({
    partialSuccess: z
      .object({
        rejectedLogRecords: z
          .string()
          .regex(/^[1-9][0-9]*$/)
          .meta({ description: 'int64 as a decimal string (OTLP JSON)' }),
        errorMessage: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'OtlpLogsResponse' });

export const otlpStatus = z
  .object({
    code: z.number().int().meta({
      description:
        'google.rpc.Code: 3 invalid argument, 7 permission denied, 8 resource exhausted, 13 internal, 14 unavailable, 16 unauthenticated',
    }),
    message: z.string(),
    details: z.array(z.unknown()).max(0),
  })
  .meta({ id: 'OtlpStatus', description: 'google.rpc.Status, the body of OTLP error answers' });

const lastEventId = z.string().max(512);

export const tailQuery = z.object({
  last_event_id: lastEventId.optional().meta({
    description: 'Resume after this event, as the `Last-Event-ID` header does (for clients that cannot set headers)',
  }),
  from: instant.optional().meta({
    description: 'Selection tails: the earliest line time (ISO-8601 or epoch ms); default 5 s ago (`TAIL_LOOKBACK_MS`)',
  }),
});

export const tailHeaders = z.object({
  'Last-Event-ID': lastEventId.optional().meta({ description: 'Resume after this event (an `id` this service sent)' }),
});

export const eventStreamText = z.string().meta({
  description:
    '`retry: 1000`, then events `log` (data: a LogRow, id: the position to resume after), `end` (data: `{"status"}`, run streams only), `error` (data: `{"message"}`), and `: heartbeat` comments',
});
