import { createDataFrame, FieldType, type DataFrame, type QueryResultMeta } from '@grafana/data';
import type { RunRow } from '../../types';
import { recordViewLink } from './links';
import { sourceTypeMappings, statusMappings } from './mappings';

export const toTime = (iso: string | null | undefined) => (iso ? Date.parse(iso) : null);

/** Runs as a table: the seed's columns first (Run ID … Source), then script, finish, error, trace. */
export function runsFrame(refId: string, rows: RunRow[], meta?: QueryResultMeta): DataFrame {
  return createDataFrame({
    refId,
    name: 'runs',
    meta: { preferredVisualisationType: 'table', ...meta },
    fields: [
      {
        name: 'run_id',
        type: FieldType.string,
        values: rows.map((r) => r.run_id),
        config: { displayName: 'Run ID', links: [recordViewLink()] },
      },
      {
        name: 'status',
        type: FieldType.string,
        values: rows.map((r) => r.status),
        config: { displayName: 'Status', mappings: statusMappings, custom: { cellOptions: { type: 'color-text' } } },
      },
      {
        name: 'deployment_version',
        type: FieldType.number,
        values: rows.map((r) => r.deployment_version),
        config: { displayName: 'Deployment Version', decimals: 0 },
      },
      {
        name: 'response_time_ms',
        type: FieldType.number,
        values: rows.map((r) => r.response_time_ms),
        config: { displayName: 'Response Time', unit: 'ms' },
      },
      {
        name: 'function',
        type: FieldType.string,
        values: rows.map((r) => r.function),
        config: { displayName: 'Function' },
      },
      {
        name: 'executed_on',
        type: FieldType.time,
        values: rows.map((r) => toTime(r.executed_on)),
        config: { displayName: 'Executed On' },
      },
      {
        name: 'source_type',
        type: FieldType.string,
        values: rows.map((r) => r.source_type),
        config: { displayName: 'Source Type', mappings: sourceTypeMappings },
      },
      { name: 'source', type: FieldType.string, values: rows.map((r) => r.source), config: { displayName: 'Source' } },
      { name: 'script', type: FieldType.string, values: rows.map((r) => r.script), config: { displayName: 'Script' } },
      {
        name: 'finished_at',
        type: FieldType.time,
        values: rows.map((r) => toTime(r.finished_at)),
        config: { displayName: 'Finished At' },
      },
      { name: 'error', type: FieldType.string, values: rows.map((r) => r.error), config: { displayName: 'Error' } },
      {
        name: 'trace_id',
        type: FieldType.string,
        values: rows.map((r) => r.trace_id),
        config: { displayName: 'Trace ID' },
      },
    ],
  });
}
