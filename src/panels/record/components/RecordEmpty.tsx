import React from 'react';
import { EmptyState } from '@grafana/ui';
import type { RecordState } from '../../../shared/recordFrame';

const MESSAGES: Record<Exclude<RecordState, 'ok'>, { message: string; detail: string }> = {
  no_script: {
    message: 'No script deployed',
    detail: 'Deploy a script and run it through the API or a workflow node; its runs and logs appear here.',
  },
  never_run: {
    message: 'Deployed, but never run',
    detail: 'The script is deployed but has no runs yet. Call it through the API or a workflow node.',
  },
  no_runs: {
    message: 'No runs in this time range',
    detail:
      'The selected scripts have runs, but none match the time range and filters. Widen the range or clear filters.',
  },
  not_found: {
    message: 'Run not found',
    detail: 'No run has this Run ID. Pick a run in the runs table, or clear the Run ID.',
  },
};

/** Says why there is nothing to show. */
export function RecordEmpty({ state, runId }: { state: Exclude<RecordState, 'ok'>; runId?: string }) {
  const m = MESSAGES[state];
  return (
    <EmptyState variant={state === 'not_found' ? 'not-found' : 'call-to-action'} message={m.message} hideImage>
      {m.detail}
      {state === 'not_found' && runId ? ` (Run ID: ${runId})` : ''}
    </EmptyState>
  );
}
