import React from 'react';
import { InlineField, Input } from '@grafana/ui';
import type { OptionsEditorProps, TypedQuery } from '../../data/queryTypes/definition';
import type { BucketedQuery } from '../../data/query/model';
import { patcher } from './patch';

/** Time series and log volume: the bucket size. */
export function IntervalOption<Q extends TypedQuery & BucketedQuery>(props: OptionsEditorProps<Q>) {
  const set = patcher(props);
  return (
    <InlineField
      label="Interval"
      labelWidth={14}
      tooltip="Bucket size such as 5m, 1h, 1d. Empty: 1h up to a day, 1d beyond."
    >
      <Input
        id="runlens-interval"
        width={14}
        placeholder="auto"
        value={props.query.interval ?? ''}
        onChange={(e) => set({ interval: e.currentTarget.value } as Partial<Q>)}
        onBlur={props.onCommit}
      />
    </InlineField>
  );
}
