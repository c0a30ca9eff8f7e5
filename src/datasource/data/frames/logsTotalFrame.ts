import { createDataFrame, FieldType, type DataFrame } from '@grafana/data';
import { COUNT } from './units';

/** One value: the number of log lines matching the selection (Total Logs), whatever the page size. */
export function logsTotalFrame(refId: string, total: number): DataFrame {
  return createDataFrame({
    refId,
    name: 'logs_total',
    fields: [
      { name: 'total_logs', type: FieldType.number, values: [total], config: { displayName: 'Total Logs', ...COUNT } },
    ],
  });
}
