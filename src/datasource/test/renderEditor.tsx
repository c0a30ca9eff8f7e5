import React, { useState } from 'react';
import { act, render } from '@testing-library/react';
import type { RunLensDataSource } from '../data/datasource';
import type { FlatQuery } from '../data/query/migrate';

/**
 * Renders a query or annotation editor the way Grafana does: it owns the query, gets every
 * change back through onChange, and reports what it asked for. Resolves once the editor's
 * first requests (e.g. the script list) have been answered.
 */
export async function renderEditor(
  Editor: React.ComponentType<any>,
  datasource: RunLensDataSource,
  initial: FlatQuery
) {
  const changes: FlatQuery[] = [];
  const onRunQuery = jest.fn();
  function Harness() {
    const [query, setQuery] = useState<FlatQuery>(initial);
    return (
      <Editor
        datasource={datasource}
        query={query}
        onChange={(q: FlatQuery) => {
          changes.push(q);
          setQuery(q);
        }}
        onRunQuery={onRunQuery}
      />
    );
  }
  await act(async () => {
    render(<Harness />);
  });
  return { changes, onRunQuery, last: () => changes[changes.length - 1] };
}
