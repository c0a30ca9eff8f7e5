import React from 'react';
import { css } from '@emotion/css';
import { dateTimeFormat, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { RecordRun } from '../../../shared/recordFrame';
import { sourceType } from '../../../shared/vocabulary';
import { CopyValue } from './CopyValue';
import { StatusBadge } from './StatusBadge';

export function formatTime(ms: number | null | undefined, timeZone?: string): string {
  return ms == null ? '–' : dateTimeFormat(ms, { timeZone });
}

/** Run ID (copy), status, version, response time, function, source type, source, executed on. */
export function RunSummary({ run, timeZone }: { run: RecordRun; timeZone?: string }) {
  const s = useStyles2(getStyles);
  const items: Array<[string, React.ReactNode]> = [
    ['Run ID', <CopyValue key="id" value={run.run_id} label="Run ID" />],
    ['Status', <StatusBadge key="status" status={run.status} />],
    ['Deployment version', run.deployment_version ?? '–'],
    ['Response time', run.response_time_ms == null ? '–' : `${run.response_time_ms} ms`],
    ['Function', run.function],
    ['Source type', run.source_type == null ? '–' : sourceType(run.source_type).label],
    ['Source', run.source],
    ['Script', run.script],
    ['Executed on', formatTime(run.executed_on, timeZone)],
  ];
  return (
    <div>
      <dl className={s.grid}>
        {items.map(([label, value]) => (
          <div key={label} className={s.item}>
            <dt className={s.label}>{label}</dt>
            <dd className={s.value}>{value}</dd>
          </div>
        ))}
      </dl>
      {run.error && (
        <div className={s.error} role="alert" aria-label="Run error">
          {run.error}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  grid: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fill, minmax(180px, 1fr))',
    gap: theme.spacing(1, 2),
    margin: 0,
  }),
  item: css({ minWidth: 0 }),
  label: css({ color: theme.colors.text.secondary, fontSize: theme.typography.bodySmall.fontSize }),
  value: css({ margin: 0, overflowWrap: 'anywhere' }),
  error: css({
    marginTop: theme.spacing(1),
    padding: theme.spacing(1),
    borderLeft: `3px solid ${theme.colors.error.border}`,
    background: theme.colors.error.transparent,
    fontFamily: theme.typography.fontFamilyMonospace,
    whiteSpace: 'pre-wrap',
  }),
});
