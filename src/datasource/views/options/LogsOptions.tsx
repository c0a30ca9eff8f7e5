import React from 'react';
import { InlineField, InlineFieldRow, InlineSwitch } from '@grafana/ui';
import { LOG_SORTS } from '../../data/fields';
import type { OptionsEditorProps } from '../../data/queryTypes/definition';
import type { LogsQuery } from '../../data/queryTypes/logs';
import { PagingFields } from './PagingFields';
import { patcher } from './patch';
import { SortFields } from './SortFields';

/** Logs: count only; otherwise sort, page size, max rows. */
export function LogsOptions(props: OptionsEditorProps<LogsQuery>) {
  const set = patcher(props);
  const countOnly = props.query.countOnly ?? false;
  return (
    <InlineFieldRow>
      <InlineField
        label="Count only"
        labelWidth={14}
        tooltip="Only the number of matching lines (Total Logs), no rows: for stat panels"
      >
        <InlineSwitch
          id="runlens-count-only"
          value={countOnly}
          onChange={(e) => set({ countOnly: e.currentTarget.checked }, true)}
        />
      </InlineField>
      {!countOnly && (
        <>
          <SortFields sorts={LOG_SORTS} query={props.query} set={set} />
          <PagingFields query={props.query} set={set} onCommit={props.onCommit} />
        </>
      )}
    </InlineFieldRow>
  );
}
