import { LogsOptions } from '../../views/options/LogsOptions';
import { routes } from '../api';
import { logsFrame } from '../frames/logsFrame';
import { logsTotalFrame } from '../frames/logsTotalFrame';
import { searchWords } from '../logs/searchWords';
import { listFrame } from '../paging';
import { PAGE_DEFAULTS, type PagedQuery, type SelectionQuery } from '../query/model';
import { bool, storedPage } from '../query/stored';
import { defineQueryType, type Resolved, type TimeRangeMs } from './definition';
import { selectionParams, withPage } from './params';
import { resolvePage } from './resolve';

export interface LogsQuery extends SelectionQuery, PagedQuery {
  queryType: 'logs';
  /** Only the number of matching lines (frame `total_logs`), no rows. */
  countOnly?: boolean;
}

/** One page of the logs list; count only: one row, the least the API sends (the total comes with it). */
export function logsPage(q: Resolved<LogsQuery>, range: TimeRangeMs, page?: { limit: number; cursor?: string }) {
  const params = selectionParams(q, 'logs', range);
  if (q.countOnly) {
    params.set('limit', '1');
    return routes.logs(params);
  }
  return routes.logs(withPage(params, q, page?.limit ?? q.limit ?? PAGE_DEFAULTS.limit, page?.cursor));
}

export const logs = defineQueryType<LogsQuery>()({
  type: 'logs',
  label: 'Logs',
  description: 'Log lines: Log ID, level, message, timestamp',
  inPicker: true,
  columns: 'logs',
  migrate: (stored) => ({ queryType: 'logs', ...storedPage(stored), countOnly: bool(stored.countOnly) }),
  resolve: (q, vars) => ({ ...resolvePage(q, vars), countOnly: q.countOnly === true }),
  request: logsPage,
  async frames({ api, query, range, meta }) {
    if (query.countOnly) {
      const page = await api.send(logsPage(query, range));
      const frame = logsTotalFrame(query.refId, page.total);
      frame.meta = { ...frame.meta, ...meta() };
      return [frame];
    }
    const frame = await listFrame(api, 'logs', (page) => logsPage(query, range, page), query, meta, logsFrame);
    // Explore and the logs panel highlight these in the lines.
    frame.meta = { ...frame.meta, searchWords: searchWords(query.q, query.filters) };
    return [frame];
  },
  OptionsEditor: LogsOptions,
  title: (q, scripts) => `${q.countOnly ? 'Logs count' : 'Logs'} of ${scripts}`,
});
