import React from 'react';
import { Combobox, InlineField, InlineFieldRow, InlineSwitch, Input, RadioButtonGroup } from '@grafana/ui';
import { DEFAULT_QUERY, type RunLensQuery } from '../types';
import { LOG_SORTS, RUN_SORTS } from '../data/queryTypes';

interface Props {
  query: RunLensQuery;
  onChange: (query: RunLensQuery) => void;
  onCommit: () => void;
}

const ORDERS: Array<{ value: 'asc' | 'desc'; label: string }> = [
  { value: 'desc', label: 'Descending' },
  { value: 'asc', label: 'Ascending' },
];

const intOrUndefined = (s: string) => (s.trim() === '' ? undefined : Math.max(1, Math.floor(Number(s))) || undefined);

/**
 * What only some query types take: sort (runs, logs, and record, whose previous / next follow the
 * list's order), paging (runs, logs), count only (logs), bucket (time series, log volume), run (record).
 */
export function QueryOptions({ query, onChange, onCommit }: Props) {
  const type = query.queryType ?? 'runs';
  const set = (patch: Partial<RunLensQuery>, commit = false) => {
    onChange({ ...query, ...patch });
    if (commit) {
      onCommit();
    }
  };

  const sort = (type === 'runs' || type === 'logs' || type === 'record') && (
    <>
      <InlineField label="Sort by" labelWidth={14}>
        <Combobox
          id="runlens-sort"
          width={24}
          options={(type === 'logs' ? LOG_SORTS : RUN_SORTS).map((s) => ({ value: s, label: s }))}
          value={query.sort ?? (type === 'logs' ? LOG_SORTS[0] : RUN_SORTS[0])}
          onChange={(o) => set({ sort: o.value }, true)}
        />
      </InlineField>
      <InlineField>
        <RadioButtonGroup options={ORDERS} value={query.order ?? 'desc'} onChange={(order) => set({ order }, true)} />
      </InlineField>
    </>
  );

  const countOnly = type === 'logs' && (
    <InlineField
      label="Count only"
      labelWidth={14}
      tooltip="Only the number of matching lines (Total Logs), no rows: for stat panels"
    >
      <InlineSwitch
        id="runlens-count-only"
        value={query.countOnly ?? false}
        onChange={(e) => set({ countOnly: e.currentTarget.checked }, true)}
      />
    </InlineField>
  );

  if (type === 'logs' && query.countOnly) {
    return <InlineFieldRow>{countOnly}</InlineFieldRow>;
  }
  if (type === 'runs' || type === 'logs') {
    return (
      <InlineFieldRow>
        {countOnly}
        {sort}
        <InlineField label="Page size" tooltip="Rows fetched per request (1–1000)">
          <Input
            id="runlens-limit"
            type="number"
            width={10}
            min={1}
            max={1000}
            value={query.limit ?? DEFAULT_QUERY.limit}
            onChange={(e) => set({ limit: intOrUndefined(e.currentTarget.value) })}
            onBlur={onCommit}
          />
        </InlineField>
        <InlineField
          label="Max rows"
          tooltip="Pages are followed up to this many rows; a notice says when more matched"
        >
          <Input
            id="runlens-max-rows"
            type="number"
            width={10}
            min={1}
            value={query.maxRows ?? DEFAULT_QUERY.maxRows}
            onChange={(e) => set({ maxRows: intOrUndefined(e.currentTarget.value) })}
            onBlur={onCommit}
          />
        </InlineField>
      </InlineFieldRow>
    );
  }
  if (type === 'timeseries' || type === 'logVolume') {
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
          value={query.interval ?? ''}
          onChange={(e) => set({ interval: e.currentTarget.value })}
          onBlur={onCommit}
        />
      </InlineField>
    );
  }
  if (type === 'record') {
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
            value={query.runId ?? ''}
            onChange={(e) => set({ runId: e.currentTarget.value })}
            onBlur={onCommit}
          />
        </InlineField>
        {sort}
      </InlineFieldRow>
    );
  }
  return null;
}
