import { createDataFrame, FieldType, type DataFrame, type QueryResultMeta } from '@grafana/data';
import type { LogRow } from '../../types';
import { recordViewLink } from './links';
import { levelMappings } from './mappings';
import { toTime } from './runsFrame';

/**
 * The severity Grafana reads from a logs frame's `level` field. Standard logging has no level of its
 * own: stdout reads as info, stderr as error. Every other level is already one Grafana knows.
 */
const SEVERITY: Record<string, string> = { stdout: 'info', stderr: 'error' };

export function severity(level: string): string {
  return SEVERITY[level] ?? level;
}

/**
 * Logs as one frame that reads as a table (Log ID, level, message, timestamp, …) and that Explore
 * and the logs panel show as log lines: first time field = timestamp, first string field = the
 * message (the log body), `level` = severity (stdout → info, stderr → error), and `log_level` the
 * level as recorded (stdout, stderr, info, …), which tables and log details show; `id` keys the
 * lines and `labels` carries what log details filter on. Rows keep the backend's order (timestamp, then
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
        values: rows.map((r) => severity(r.level)),
        config: { displayName: 'Severity' },
      },
      {
        name: 'log_level',
        type: FieldType.string,
        values: rows.map((r) => r.level),
        config: { displayName: 'Log Level', mappings: levelMappings },
      },
      { name: 'log_id', type: FieldType.string, values: rows.map((r) => r.log_id), config: { displayName: 'Log ID' } },
      // The row id Explore and the logs panel key lines by (deduplication, permalinks, context).
      { name: 'id', type: FieldType.string, values: rows.map((r) => r.log_id), config: { displayName: 'ID' } },
      // Labels: what log details offer "filter for / filter out" on (see ../logs/filters.ts).
      {
        name: 'labels',
        type: FieldType.other,
        values: rows.map((r) => ({ script: r.script, function: r.function, log_level: r.level, run_id: r.run_id })),
        config: { displayName: 'Labels' },
      },
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
