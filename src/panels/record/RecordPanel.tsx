import React from 'react';
import { css } from '@emotion/css';
import { LoadingState, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { Alert, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { RecordEmpty } from './components/RecordEmpty';
import { RecordLogs } from './components/RecordLogs';
import { RecordNav } from './components/RecordNav';
import { JsonViewer } from './components/JsonViewer';
import { RunSummary } from './components/RunSummary';
import { showRun } from './navigate';
import { readRecord } from '../../shared/recordFrame';
import { DEFAULT_OPTIONS, type RecordPanelOptions } from './types';
import { useNavKeys } from './useNavKeys';

type Props = PanelProps<RecordPanelOptions>;

/** The record view of one run, fed by a RunLens "Record" query. */
export function RecordPanel({ data, options, width, height, timeZone }: Props) {
  const s = useStyles2(getStyles);
  const view = readRecord(data.series);
  const variable = options.runIdVariable || DEFAULT_OPTIONS.runIdVariable;
  const prevId = view?.meta.prevRunId;
  const nextId = view?.meta.nextRunId;
  const onPrev = prevId ? () => showRun(variable, prevId) : undefined;
  const onNext = nextId ? () => showRun(variable, nextId) : undefined;
  useNavKeys(onPrev, onNext);

  if (data.state === LoadingState.Loading && !view) {
    return <LoadingPlaceholder text="Loading run…" />;
  }
  if (!view) {
    const error = data.errors?.[0]?.message;
    return error ? (
      <Alert severity="error" title="Could not load the run">
        {error}
      </Alert>
    ) : (
      <Alert severity="info" title="No record query">
        Give this panel a RunLens query of type Record (Run ID usually $run_id).
      </Alert>
    );
  }
  if (view.meta.state !== 'ok' || !view.run) {
    return <RecordEmpty state={view.meta.state === 'ok' ? 'not_found' : view.meta.state} runId={view.meta.runId} />;
  }

  const run = view.run;
  return (
    <div className={s.panel} style={{ width, height }} data-testid="runlens-record">
      <Stack justifyContent="space-between" alignItems="flex-start">
        <div className={s.summary}>
          <RunSummary run={run} timeZone={timeZone} />
        </div>
        <RecordNav onPrev={onPrev} onNext={onNext} />
      </Stack>
      <h6 className={s.heading}>{logsHeading(view.logs.length, view.meta.logsTotal)}</h6>
      <RecordLogs
        logs={view.logs}
        maxHeight={options.logsMaxHeight ?? DEFAULT_OPTIONS.logsMaxHeight}
        timeZone={timeZone}
      />
      <div className={s.json}>
        <JsonViewer title="Input" value={run.input} />
        <JsonViewer title="Output" value={run.output} />
      </div>
    </div>
  );
}

/** "Logs (12)", or "Logs (first 1000 of 5234: …)" when the record holds only the first lines. */
function logsHeading(shown: number, total = shown) {
  return total > shown
    ? `Logs (first ${shown} of ${total}: filter the Logs table by this Run ID for all)`
    : `Logs (${shown})`;
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({ overflow: 'auto', display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  summary: css({ flex: 1, minWidth: 0 }),
  heading: css({ margin: theme.spacing(1, 0, 0) }),
  json: css({
    display: 'grid',
    gridTemplateColumns: 'repeat(auto-fit, minmax(280px, 1fr))',
    gap: theme.spacing(1),
  }),
});
