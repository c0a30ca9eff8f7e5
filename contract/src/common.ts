import { z } from 'zod';
import { LOG_LEVELS, RUN_STATUSES, SOURCE_TYPES } from './enums';
import { isoDateTime } from './inputs';

/** Building blocks shared by the schemas of several route groups. */

export const scriptName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/, 'letters, digits, _ . - (at most 128), starting with a letter or digit')
  .meta({ id: 'ScriptName' });

/** Names of the runs routes that sit where a run id would. */
export const RESERVED_RUN_IDS = ['stats', 'timeseries', 'by-version', 'values'];
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/;
const ID_MESSAGE = 'letters, digits, _ . : - (at most 128)';

export const runId = z
  .string()
  .regex(ID, ID_MESSAGE)
  .refine((id) => !RESERVED_RUN_IDS.includes(id), `reserved: ${RESERVED_RUN_IDS.join(', ')}`)
  .meta({ id: 'RunIdValue' });
export const logId = z.string().regex(ID, ID_MESSAGE);

/** A date-time with Z or an offset; stored and answered in UTC, whatever offset the client sent. */
export const isoDate = isoDateTime;

/** What the API answers for a date: always UTC (`…Z`). */
export const dateTime = z.iso.datetime({ offset: true }).meta({ id: 'DateTime' });
export const nullableDateTime = dateTime.nullable();

export const runStatus = z.enum(RUN_STATUSES).meta({ id: 'RunStatus' });
export const sourceType = z.enum(SOURCE_TYPES).meta({ id: 'SourceType' });
export const logLevel = z.enum(LOG_LEVELS).meta({ id: 'LogLevel' });

export const nullableString = z.string().nullable();
export const nullableVersion = z.number().int().min(1).nullable();
export const nullableMs = z.number().min(0).nullable();

/** Any JSON value. */
export const anyJson = z.unknown();
