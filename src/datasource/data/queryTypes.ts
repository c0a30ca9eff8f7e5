import type { QueryType } from '../types';

export const QUERY_TYPES: Array<{ value: QueryType; label: string; description: string }> = [
  { value: 'runs', label: 'Runs', description: 'Run rows: Run ID, status, version, response time, function, source' },
  { value: 'stats', label: 'Stats', description: 'Total runs, P90, P99, failure rate' },
  { value: 'timeseries', label: 'Time series', description: 'The stats per hour or per day' },
  { value: 'byVersion', label: 'By version', description: 'The stats side by side per deployment version' },
  { value: 'logs', label: 'Logs', description: 'Log lines: Log ID, level, message, timestamp' },
  { value: 'logVolume', label: 'Log volume', description: 'Log lines per hour or per day, one series per level' },
  { value: 'record', label: 'Record', description: 'One run with input, output and its logs (record view panel)' },
];

/** Sortable columns, from the contract's column model. */
export { LOG_SORTS, RUN_SORTS } from '@runlens/contract/columns';
