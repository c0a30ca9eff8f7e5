import { RunsOptions } from '../../views/options/RunsOptions';
import { routes } from '../api';
import { runsFrame } from '../frames/runsFrame';
import { listFrame } from '../paging';
import { PAGE_DEFAULTS, type PagedQuery, type SelectionQuery } from '../query/model';
import { storedPage } from '../query/stored';
import { defineQueryType, type Resolved, type TimeRangeMs } from './definition';
import { selectionParams, withPage } from './params';
import { resolvePage } from './resolve';

export interface RunsQuery extends SelectionQuery, PagedQuery {
  queryType: 'runs';
}

/** One page of the runs list: the selection, sort, page size and cursor. */
export function runsPage(q: Resolved<RunsQuery>, range: TimeRangeMs, page?: { limit: number; cursor?: string }) {
  const params = selectionParams(q, 'runs', range);
  return routes.runs(withPage(params, q, page?.limit ?? q.limit ?? PAGE_DEFAULTS.limit, page?.cursor));
}

export const runs = defineQueryType<RunsQuery>()({
  type: 'runs',
  label: 'Runs',
  description: 'Run rows: Run ID, status, version, response time, function, source',
  inPicker: true,
  columns: 'runs',
  migrate: (stored) => ({ queryType: 'runs', ...storedPage(stored) }),
  resolve: resolvePage,
  request: runsPage,
  async frames({ api, query, range, meta }) {
    return [await listFrame(api, 'runs', (page) => runsPage(query, range, page), query, meta, runsFrame)];
  },
  OptionsEditor: RunsOptions,
});
