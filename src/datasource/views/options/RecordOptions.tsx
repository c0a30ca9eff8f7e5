import React from 'react';
import { InlineField, InlineFieldRow, Input } from '@grafana/ui';
import { RUN_SORTS } from '../../data/fields';
import type { OptionsEditorProps } from '../../data/queryTypes/definition';
import type { RecordQuery } from '../../data/queryTypes/record';
import { patcher } from './patch';
import { SortFields } from './SortFields';

/** Record: which run, and the list's order its previous / next follow. */
export function RecordOptions(props: OptionsEditorProps<RecordQuery>) {
  const set = patcher(props);
  return (
    <InlineFieldRow>
      <InlineField
        label="Run ID"
        labelWidth={14}
        tooltip="Usually $run_id, set by clicking a Run ID in a table. Empty: the first run of the list."
      >
        <Input
          id="runlens-run-id"
          width={32}
          placeholder="$run_id"
          value={props.query.runId ?? ''}
          onChange={(e) => set({ runId: e.currentTarget.value })}
          onBlur={props.onCommit}
        />
      </InlineField>
      <SortFields sorts={RUN_SORTS} query={props.query} set={set} />
    </InlineFieldRow>
  );
}
