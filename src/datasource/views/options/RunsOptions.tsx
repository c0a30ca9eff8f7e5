import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { RUN_SORTS } from '../../data/fields';
import type { OptionsEditorProps } from '../../data/queryTypes/definition';
import type { RunsQuery } from '../../data/queryTypes/runs';
import { PagingFields } from './PagingFields';
import { patcher } from './patch';
import { SortFields } from './SortFields';

/** Runs: sort, page size, max rows. */
export function RunsOptions(props: OptionsEditorProps<RunsQuery>) {
  const set = patcher(props);
  return (
    <InlineFieldRow>
      <SortFields sorts={RUN_SORTS} query={props.query} set={set} />
      <PagingFields query={props.query} set={set} onCommit={props.onCommit} />
    </InlineFieldRow>
  );
}
