import { IntervalOption } from '../../views/options/IntervalOption';
import { routes } from '../api';
import { logVolumeFrame } from '../frames/logVolumeFrame';
import type { BucketedQuery, SelectionQuery } from '../query/model';
import { storedBuckets } from '../query/stored';
import { defineQueryType } from './definition';
import { selectionParams, withBuckets } from './params';
import { resolveBuckets } from './resolve';

export interface LogVolumeQuery extends SelectionQuery, BucketedQuery {
  queryType: 'logVolume';
}

/** The lines the logs query with the same selection would list, per time bucket and level. */
export const logVolume = defineQueryType<LogVolumeQuery>()({
  type: 'logVolume',
  label: 'Log volume',
  description: 'Log lines per hour or per day, one series per level',
  inPicker: true,
  columns: 'logs',
  migrate: (stored) => ({ queryType: 'logVolume', ...storedBuckets(stored) }),
  resolve: resolveBuckets,
  request: (q, range) => routes.logVolume(withBuckets(selectionParams(q, 'logs', range), q)),
  frame: (res, q) => logVolumeFrame(q.refId, res),
  OptionsEditor: IntervalOption,
});
