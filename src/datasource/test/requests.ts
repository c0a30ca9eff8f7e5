import type { AdHocVariableFilter } from '@grafana/data';
import { resolveQuery } from '../data/interpolate';
import type { FlatQuery } from '../data/query/migrate';
import { buildRequest } from '../data/queryTypes/registry';
import { fakeTemplateSrv } from './fakeTemplateSrv';

/** The time range the request tests use. */
export const range = { from: 1_763_000_000_000, to: 1_763_600_000_000 };

/** A stored query resolved with no variables (plus ad hoc filters, if given). */
export const resolve = (q: Partial<FlatQuery>, adhoc?: AdHocVariableFilter[]) =>
  resolveQuery(fakeTemplateSrv({}), { refId: 'A', ...q }, {}, adhoc);

/** The request a stored query builds (its first page, or `page`): path, parameters, parsed filters. */
export const params = (q: Partial<FlatQuery>, page?: { limit: number; cursor?: string }) => {
  const r = buildRequest(resolve(q), range, page);
  return {
    path: r.path,
    p: r.params,
    filters: r.params.get('filters') ? JSON.parse(r.params.get('filters')!) : undefined,
  };
};
