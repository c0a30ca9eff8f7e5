import React from 'react';
import { InlineField, Input } from '@grafana/ui';
import { PAGE_DEFAULTS, type PagedQuery } from '../../data/query/model';
import { intOrUndefined } from './patch';

interface Props {
  query: PagedQuery;
  set: (patch: PagedQuery) => void;
  onCommit: () => void;
}

/** Page size and the most rows followed through the pages. */
export function PagingFields({ query, set, onCommit }: Props) {
  return (
    <>
      <InlineField label="Page size" tooltip="Rows fetched per request (1–1000)">
        <Input
          id="runlens-limit"
          type="number"
          width={10}
          min={1}
          max={1000}
          value={query.limit ?? PAGE_DEFAULTS.limit}
          onChange={(e) => set({ limit: intOrUndefined(e.currentTarget.value) })}
          onBlur={onCommit}
        />
      </InlineField>
      <InlineField label="Max rows" tooltip="Pages are followed up to this many rows; a notice says when more matched">
        <Input
          id="runlens-max-rows"
          type="number"
          width={10}
          min={1}
          value={query.maxRows ?? PAGE_DEFAULTS.maxRows}
          onChange={(e) => set({ maxRows: intOrUndefined(e.currentTarget.value) })}
          onBlur={onCommit}
        />
      </InlineField>
    </>
  );
}
