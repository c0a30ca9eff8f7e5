import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { RecordLog } from '../../../shared/recordFrame';
import { logLevel } from '../../../shared/vocabulary';
import { CopyValue } from './CopyValue';
import { formatTime } from './RunSummary';

interface Props {
  logs: RecordLog[];
  maxHeight: number;
  timeZone?: string;
}

/** The run's log lines: Log ID (copy), level, message, timestamp. */
export function RecordLogs({ logs, maxHeight, timeZone }: Props) {
  const s = useStyles2(getStyles);
  if (logs.length === 0) {
    return <p className={s.empty}>This run has no log lines (standard output appears when a run ends).</p>;
  }
  return (
    <div className={s.scroll} style={{ maxHeight }}>
      <table className={s.table} aria-label="Run logs">
        <thead>
          <tr>
            <th>Log ID</th>
            <th>Level</th>
            <th>Message</th>
            <th>Timestamp</th>
          </tr>
        </thead>
        <tbody>
          {logs.map((l) => (
            <tr key={l.log_id}>
              <td>
                <CopyValue value={l.log_id} label="Log ID" />
              </td>
              <td className={s.level(logLevel(l.level).color)}>{l.level}</td>
              <td className={s.message}>{l.message}</td>
              <td className={s.nowrap}>{formatTime(l.timestamp, timeZone)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  scroll: css({ overflow: 'auto' }),
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      verticalAlign: 'top',
    },
    th: {
      textAlign: 'left',
      color: theme.colors.text.secondary,
      position: 'sticky',
      top: 0,
      background: theme.colors.background.primary,
    },
  }),
  /** The level's one colour (shared/vocabulary.ts), as the log volume chart shows it. */
  level: (color: string) => css({ color: theme.visualization.getColorByName(color), whiteSpace: 'nowrap' }),
  message: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }),
  nowrap: css({ whiteSpace: 'nowrap' }),
  empty: css({ color: theme.colors.text.secondary }),
});
