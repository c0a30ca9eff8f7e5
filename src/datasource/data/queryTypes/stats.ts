import { routes } from '../api';
import { statsFrame } from '../frames/statsFrame';
import type { SelectionQuery } from '../query/model';
import { defineQueryType } from './definition';
import { selectionParams } from './params';

export interface StatsQuery extends SelectionQuery {
  queryType: 'stats';
}

export const stats = defineQueryType<StatsQuery>()({
  type: 'stats',
  label: 'Stats',
  description: 'Total runs, P90, P99, failure rate',
  inPicker: true,
  columns: 'runs',
  migrate: () => ({ queryType: 'stats' }),
  request: (q, range) => routes.stats(selectionParams(q, 'runs', range)),
  frame: (res, q) => statsFrame(q.refId, res),
});
