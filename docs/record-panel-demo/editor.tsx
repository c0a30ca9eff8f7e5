// The query editor of the data source, as a panel editor shows it, for the browser check.
import React, { useState } from 'react';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { setBackendSrv, setTemplateSrv, type BackendSrv, type TemplateSrv } from '@grafana/runtime';
import { of } from 'rxjs';
import { RunLensDataSource } from '../../src/datasource/data/datasource';
import type { RunLensOptions, RunLensQuery } from '../../src/datasource/types';
import { QueryEditor } from '../../src/datasource/views/QueryEditor';

const templateSrv = {
  getVariables: () => [{ name: 'script' }, { name: 'run_id' }],
  replace: (s?: string) => s ?? '',
  containsTemplate: () => false,
  updateTimeRange: () => {},
} as unknown as TemplateSrv;
setTemplateSrv(templateSrv);
setBackendSrv({
  fetch: () =>
    of({
      data: {
        scripts: [
          { script: 'qbalance', deployed: true, current_version: 7 },
          { script: 'invoices', deployed: true, current_version: 3 },
          { script: 'legacy-sync', deployed: false, current_version: 2 },
        ],
      },
    }),
} as unknown as BackendSrv);

const ds = new RunLensDataSource(
  { uid: 'runlens', url: '/proxy', jsonData: {}, meta: {} } as unknown as DataSourceInstanceSettings<RunLensOptions>,
  templateSrv
);

export function EditorDemo() {
  const [query, setQuery] = useState<RunLensQuery>({
    refId: 'A',
    queryType: 'runs',
    scripts: ['$script'],
    filters: [
      { field: 'status', op: 'is', values: ['failed', 'in_progress'] },
      { field: 'response_time_ms', op: 'between', values: ['250', '2000'] },
      { field: 'source', op: 'is_not', values: ['nightly-ledger', 'backfill'] },
    ],
    match: 'any',
    q: 'ledger',
    sort: 'executed_on',
    order: 'desc',
    limit: 100,
    maxRows: 1000,
  });
  const Editor = QueryEditor as unknown as React.ComponentType<Record<string, unknown>>;
  return <Editor datasource={ds} query={query} onChange={setQuery} onRunQuery={() => {}} />;
}
