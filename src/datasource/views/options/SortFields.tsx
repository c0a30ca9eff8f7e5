import React from 'react';
import { Combobox, InlineField, RadioButtonGroup } from '@grafana/ui';
import type { SortedQuery, SortOrder } from '../../data/query/model';

const ORDERS: Array<{ value: SortOrder; label: string }> = [
  { value: 'desc', label: 'Descending' },
  { value: 'asc', label: 'Ascending' },
];

interface Props {
  /** The sortable columns; the first is the default. */
  sorts: readonly string[];
  query: SortedQuery;
  set: (patch: SortedQuery, commit: boolean) => void;
}

/** Sort by a column, descending or ascending. */
export function SortFields({ sorts, query, set }: Props) {
  return (
    <>
      <InlineField label="Sort by" labelWidth={14}>
        <Combobox
          id="runlens-sort"
          width={24}
          options={sorts.map((s) => ({ value: s, label: s }))}
          value={query.sort ?? sorts[0]}
          onChange={(o) => set({ sort: o.value }, true)}
        />
      </InlineField>
      <InlineField>
        <RadioButtonGroup options={ORDERS} value={query.order ?? 'desc'} onChange={(order) => set({ order }, true)} />
      </InlineField>
    </>
  );
}
