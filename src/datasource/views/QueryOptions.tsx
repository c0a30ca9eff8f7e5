import React from 'react';
import { Combobox, InlineField, InlineFieldRow, Input, RadioButtonGroup } from '@grafana/ui';
import { DEFAULT_QUERY, type RunLensQuery } from '../types';
import { LOG_SORTS, RUN_SORTS } from './labels';

interface Props {
  query: RunLensQuery;
  onChange: (query: RunLensQuery) => void;
  onCommit: () => void;
}

const ORDERS: Array<{ value: 'asc' | 'desc'; label: string }> = [
  { value: 'desc', label: 'Newest first' },
  { value: 'asc', label: 'Oldest first' },
];

const intOrUndefined = (s: string) => (s.trim() === '' ? undefined : Math.max(1, Math.floor(Number(s))) || undefined);

/** What only some query types take: sorting and paging (runs, logs), bucket (time series), run (record). */
export function QueryOptions({ query, onChange, onCommit }: Props) {
  const type = query.queryType ?? 'runs';
  if (type === 'runs' || type === 'logs') {
    const sorts = type === 'logs' ? LOG_SORTS : RUN_SORTS;
    return (
      <InlineFieldRow>
        <InlineField label="Sort by" labelWidth={14}>
          <Combobox
            id="runlens-sort"
            width={24}
            options={sorts.map((s) => ({ value: s, label: s }))}
            value={query.sort ?? sorts[0]}
            onChange={(o) => {
              onChange({ ...query, sort: o.value });
              onCommit();
            }}
          />
        </InlineField>
        <InlineField>
          <RadioButtonGroup
            options={type === 'logs' ? ORDERS.map((o) => ({ ...o, label: o.value === 'desc' ? 'Newest first' : 'Oldest first' })) : ORDERS}
            value={query.order ?? 'desc'}
            onChange={(order) => {
              onChange({ ...query, order });
              onCommit();
            }}
          />
        </InlineField>
        <InlineField label="Page size" tooltip="Rows fetched per request (1–1000)">
          <Input
            id="runlens-limit"
            type="number"
            width={10}
            min={1}
            max={1000}
            value={query.limit ?? DEFAULT_QUERY.limit}
            onChange={(e) => onChange({ ...query, limit: intOrUndefined(e.currentTarget.value) })}
            onBlur={onCommit}
          />
        </InlineField>
        <InlineField label="Max rows" tooltip="Pages are followed up to this many rows; a notice says when more matched">
          <Input
            id="runlens-max-rows"
            type="number"
            width={10}
            min={1}
            value={query.maxRows ?? DEFAULT_QUERY.maxRows}
            onChange={(e) => onChange({ ...query, maxRows: intOrUndefined(e.currentTarget.value) })}
            onBlur={onCommit}
          />
        </InlineField>
      </InlineFieldRow>
    );
  }
  if (type === 'timeseries') {
    return (
      <InlineField label="Interval" labelWidth={14} tooltip="Bucket size such as 5m, 1h, 1d. Empty: 1h up to a day, 1d beyond.">
        <Input
          id="runlens-interval"
          width={14}
          placeholder="auto"
          value={query.interval ?? ''}
          onChange={(e) => onChange({ ...query, interval: e.currentTarget.value })}
          onBlur={onCommit}
        />
      </InlineField>
    );
  }
  if (type === 'record') {
    return (
      <InlineField
        label="Run ID"
        labelWidth={14}
        tooltip="Usually $run_id, set by clicking a Run ID in a table. Empty: the newest run of the list."
      >
        <Input
          id="runlens-run-id"
          width={40}
          placeholder="$run_id"
          value={query.runId ?? ''}
          onChange={(e) => onChange({ ...query, runId: e.currentTarget.value })}
          onBlur={onCommit}
        />
      </InlineField>
    );
  }
  return null;
}
