import { OP_LABELS } from '../fields';
import { migrateQuery, type StoredQuery } from '../query/migrate';
import { queryTypeOf, type RunLensQuery } from './registry';

/** One line per query in query history and collapsed editors: type of scripts · filters · "search". */
export function queryDisplayText(stored: StoredQuery | RunLensQuery): string {
  const query = migrateQuery(stored);
  const definition = queryTypeOf(query.queryType);
  const scripts = query.scripts?.length ? query.scripts.join(', ') : 'all scripts';
  const title = definition?.title
    ? definition.title(query as never, scripts)
    : `${definition?.label ?? query.queryType} of ${scripts}`;
  const filters = (query.filters ?? [])
    .filter((f) => f.field)
    .map((f) => `${f.field} ${OP_LABELS[f.op]} ${f.values.join(f.op === 'between' ? ' and ' : ' | ')}`)
    .join(query.match === 'any' ? ' OR ' : ' AND ');
  return [title, filters, query.q ? `"${query.q}"` : ''].filter(Boolean).join(' · ');
}
