import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineField, Input, Stack } from '@grafana/ui';
import type { RunLensDataSource } from '../data/datasource';
import { migrateQuery } from '../data/query/migrate';
import type { OptionsEditorProps, TypedQuery } from '../data/queryTypes/definition';
import { fieldsFor, isLogQuery, queryTypeOf, type QueryType, type RunLensQuery } from '../data/queryTypes/registry';
import type { RunLensOptions } from '../types';
import { FilterBuilder } from './FilterBuilder';
import { QueryTypeField } from './QueryTypeField';
import { ScriptPicker } from './ScriptPicker';

type Props = QueryEditorProps<RunLensDataSource, RunLensQuery, RunLensOptions>;

/** Query type, scripts, free text, filters, then the options of the chosen type (its registry entry's). */
export function QueryEditor({ datasource, query: stored, onChange, onRunQuery }: Props) {
  const query = migrateQuery(stored);
  const queryType = query.queryType;
  const fields = fieldsFor(queryType);
  const Options = queryTypeOf(queryType)?.OptionsEditor as
    React.ComponentType<OptionsEditorProps<TypedQuery>> | undefined;

  const setType = (next: QueryType) => {
    // Runs and logs have different columns: keep only the filters the new type can take.
    // Logs ↔ log volume keeps them all, and the search: the volume of the lines the table lists.
    const keep = fieldsFor(next);
    const filters = (query.filters ?? []).filter((f) => !f.field || keep.some((k) => k.name === f.field));
    const sort = next === queryType && 'sort' in query ? query.sort : undefined;
    onChange(migrateQuery({ ...query, queryType: next, filters, sort }));
    onRunQuery();
  };

  return (
    <Stack direction="column" gap={0.5}>
      <QueryTypeField value={queryType} onChange={setType} />
      <ScriptPicker
        api={datasource.api}
        value={query.scripts ?? []}
        onChange={(scripts) => {
          onChange({ ...query, scripts });
          onRunQuery();
        }}
      />
      <InlineField label="Search" labelWidth={14} tooltip="Free text over Run ID and the other text columns">
        <Input
          id="runlens-q"
          width={50}
          placeholder={
            isLogQuery(queryType) ? 'Words in the message, a log ID or run ID' : 'Run ID, function, source, error…'
          }
          value={query.q ?? ''}
          onChange={(e) => onChange({ ...query, q: e.currentTarget.value })}
          onBlur={onRunQuery}
        />
      </InlineField>
      <FilterBuilder
        fields={fields}
        filters={query.filters ?? []}
        match={query.match ?? 'all'}
        onChange={(filters, match) => onChange({ ...query, filters, match })}
        onCommit={onRunQuery}
      />
      {Options && <Options query={query} onChange={(q) => onChange(q as RunLensQuery)} onCommit={onRunQuery} />}
    </Stack>
  );
}
