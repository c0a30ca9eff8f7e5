/**
 * The plugin bundle cannot import the backend, so the query editor restates the backend's
 * column model: filterable columns, their kinds and values, operators, sort columns. This
 * suite holds the two copies to each other.
 */
import { logFields, operatorsFor, runFields, type FieldSpec } from '../../backend/src/filters/fields';
import { LOG_SORTABLE } from '../../backend/src/logs/queries';
import { RUN_SORTABLE } from '../../backend/src/runs/queries';
import { LOG_FIELDS, LOG_SORTS, OPS_BY_KIND, RUN_FIELDS, RUN_SORTS, type FilterField } from '../../src/datasource/data/fields';

const plugin = (fields: FilterField[]) =>
  Object.fromEntries(fields.map((f) => [f.name, { kind: f.kind, values: f.options?.map((o) => o.value) }]));
const backend = (fields: Record<string, FieldSpec>) =>
  Object.fromEntries(
    Object.entries(fields).map(([name, f]) => [name, { kind: f.kind, values: f.values ? [...f.values] : undefined }])
  );

test('the editor offers exactly the filterable run and log columns the backend accepts, with their values', () => {
  expect(plugin(RUN_FIELDS)).toEqual(backend(runFields));
  expect(plugin(LOG_FIELDS)).toEqual(backend(logFields));
});

test('the editor offers exactly the operators the backend accepts per column kind', () => {
  expect(OPS_BY_KIND).toEqual(operatorsFor);
});

test('the editor sorts by exactly the columns the backend sorts by', () => {
  expect(RUN_SORTS).toEqual([...RUN_SORTABLE]);
  expect(LOG_SORTS).toEqual([...LOG_SORTABLE]);
});
