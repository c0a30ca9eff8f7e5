import { IntervalOption } from '../../views/options/IntervalOption';
import { routes } from '../api';
import { timeseriesFrame } from '../frames/timeseriesFrame';
import type { BucketedQuery, SelectionQuery } from '../query/model';
import { storedBuckets } from '../query/stored';
import { defineQueryType } from './definition';
import { selectionParams, withBuckets } from './params';
import { resolveBuckets } from './resolve';

export interface TimeseriesQuery extends SelectionQuery, BucketedQuery {
  queryType: 'timeseries';
}

export const timeseries = defineQueryType<TimeseriesQuery>()({
  type: 'timeseries',
  label: 'Time series',
  description: 'The stats per hour or per day',
  inPicker: true,
  columns: 'runs',
  migrate: (stored) => ({ queryType: 'timeseries', ...storedBuckets(stored) }),
  resolve: resolveBuckets,
  request: (q, range) => routes.timeseries(withBuckets(selectionParams(q, 'runs', range), q)),
  frame: (res, q) => timeseriesFrame(q.refId, res),
  OptionsEditor: IntervalOption,
});
