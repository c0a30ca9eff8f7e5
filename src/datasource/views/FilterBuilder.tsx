import React from 'react';
import { Button, InlineField, RadioButtonGroup, Stack } from '@grafana/ui';
import type { FilterField } from '../data/fields';
import type { FilterCondition, Match } from '../types';
import { FilterRow } from './FilterRow';

interface Props {
  fields: FilterField[];
  filters: FilterCondition[];
  match: Match;
  onChange: (filters: FilterCondition[], match: Match) => void;
  onCommit: () => void;
}

const MATCH_OPTIONS: Array<{ value: Match; label: string; description: string }> = [
  { value: 'all', label: 'All (AND)', description: 'A run must match every filter' },
  { value: 'any', label: 'Any (OR)', description: 'A run may match any one filter' },
];

/** The filter set: conditions combined with AND or with OR for the whole set, never mixed. */
export function FilterBuilder({ fields, filters, match, onChange, onCommit }: Props) {
  const update = (i: number, c: FilterCondition) =>
    onChange(
      filters.map((f, j) => (i === j ? c : f)),
      match
    );
  const remove = (i: number) => {
    onChange(
      filters.filter((_, j) => j !== i),
      match
    );
    onCommit();
  };
  const add = () => onChange([...filters, { field: '', op: 'is', values: [] }], match);

  return (
    <InlineField label="Filters" labelWidth={14} tooltip="Every column but Executed On / Timestamp can be filtered">
      <Stack direction="column" gap={0.5}>
        {filters.length > 1 && (
          <Stack gap={1} alignItems="center">
            <span>Match</span>
            <RadioButtonGroup<Match>
              size="sm"
              options={MATCH_OPTIONS}
              value={match}
              onChange={(m) => {
                onChange(filters, m);
                onCommit();
              }}
            />
            <span>of these filters</span>
          </Stack>
        )}
        {filters.map((c, i) => (
          <FilterRow
            key={i}
            index={i}
            fields={fields}
            condition={c}
            onChange={(next) => update(i, next)}
            onRemove={() => remove(i)}
            onCommit={onCommit}
          />
        ))}
        <div>
          <Button variant="secondary" size="sm" icon="plus" onClick={add}>
            Add filter
          </Button>
        </div>
      </Stack>
    </InlineField>
  );
}
