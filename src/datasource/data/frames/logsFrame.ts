import { createDataFrame, FieldType, type DataFrame, type QueryResultMeta } from '@grafana/data';
import type { LogRow } from '../../types';
import { recordViewLink } from './links';
import { levelMappings } from './mappings';
import { toTime } from './runsFrame';

/**
 * Logs as one frame that reads as a table (Log ID, level, message, timestamp, …) and that Explore
 * and the logs panel show as log lines: first time field = timestamp, first string field = the
 * message (the log body), `level` = severity. Rows keep the backend's order (timestamp, then
 * sequence number), so lines of the same millisecond stay in order.
 */
export function logsFrame(refId: string, rows: LogRow[], meta?: QueryResultMeta): DataFrame {
  return createDataFrame({
    refId,
    name: 'logs',
    meta: { preferredVisualisationType: 'logs', ...meta },
    fields: [
      {
        name: 'timestamp',
        type: FieldType.time,
        values: rows.map((r) => toTime(r.timestamp)),
        config: { displayName: 'Timestamp' },
      },
      {
        name: 'message',
        type: FieldType.string,
        values: rows.map((r) => r.message),
        config: { displayName: 'Log Message' },
      },
      {
        name: 'level',
        type: FieldType.string,
        values: rows.map((r) => r.level),
        config: { displayName: 'Log Level', mappings: levelMappings },
      },
      { name: 'log_id', type: FieldType.string, values: rows.map((r) => r.log_id), config: { displayName: 'Log ID' } },
      {
        name: 'run_id',
        type: FieldType.string,
        values: rows.map((r) => r.run_id),
        config: { displayName: 'Run ID', links: [recordViewLink()] },
      },
      { name: 'script', type: FieldType.string, values: rows.map((r) => r.script), config: { displayName: 'Script' } },
      {
        name: 'function',
        type: FieldType.string,
        values: rows.map((r) => r.function),
        config: { displayName: 'Function' },
      },
      {
        name: 'deployment_version',
        type: FieldType.number,
        values: rows.map((r) => r.deployment_version),
        config: { displayName: 'Deployment Version', decimals: 0 },
      },
      { name: 'source', type: FieldType.string, values: rows.map((r) => r.source), config: { displayName: 'Source' } },
      {
        name: 'trace_id',
        type: FieldType.string,
        values: rows.map((r) => r.trace_id ?? null),
        config: { displayName: 'Trace ID' },
      },
    ],
  });
}
