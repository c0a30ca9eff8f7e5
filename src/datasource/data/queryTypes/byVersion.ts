import { routes } from '../api';
import { byVersionFrame } from '../frames/byVersionFrame';
import type { SelectionQuery } from '../query/model';
import { defineQueryType } from './definition';
import { selectionParams } from './params';

export interface ByVersionQuery extends SelectionQuery {
  queryType: 'byVersion';
}

export const byVersion = defineQueryType<ByVersionQuery>()({
  type: 'byVersion',
  label: 'By version',
  description: 'The stats side by side per deployment version',
  inPicker: true,
  columns: 'runs',
  migrate: () => ({ queryType: 'byVersion' }),
  request: (q, range) => routes.byVersion(selectionParams(q, 'runs', range)),
  frame: (res, q) => byVersionFrame(q.refId, res),
});
