import React from 'react';
import { Input, MultiCombobox, Stack, TagsInput } from '@grafana/ui';
import type { FilterField } from '../data/fields';
import type { FilterOp } from '../types';

interface Props {
  index: number;
  field?: FilterField;
  op: FilterOp;
  values: string[];
  onChange: (values: string[]) => void;
  onCommit: () => void;
}

/**
 * The value part of a condition, shaped by the operator: several values for is / is not (picked
 * from the column's values when it has a fixed set), one for contains / > / <, two for between.
 */
export function FilterValues({ index, field, op, values, onChange, onCommit }: Props) {
  const numeric = field?.kind === 'number';
  if (op === 'between') {
    const set = (i: number, v: string) => {
      const next = [values[0] ?? '', values[1] ?? ''];
      next[i] = v;
      onChange(next);
    };
    return (
      <Stack gap={0.5} alignItems="center">
        <Input
          aria-label="From value"
          type={numeric ? 'number' : 'text'}
          width={12}
          value={values[0] ?? ''}
          onChange={(e) => set(0, e.currentTarget.value)}
          onBlur={onCommit}
        />
        <span>and</span>
        <Input
          aria-label="To value"
          type={numeric ? 'number' : 'text'}
          width={12}
          value={values[1] ?? ''}
          onChange={(e) => set(1, e.currentTarget.value)}
          onBlur={onCommit}
        />
      </Stack>
    );
  }
  if (op === 'is' || op === 'is_not') {
    if (field?.options) {
      return (
        <MultiCombobox
          id={`runlens-filter-values-${index}`}
          width={40}
          placeholder="Choose values"
          options={field.options}
          value={values}
          createCustomValue
          onChange={(selected) => {
            onChange(selected.map((o) => o.value));
            onCommit();
          }}
        />
      );
    }
    return (
      <TagsInput
        placeholder={numeric ? 'Add a number, press Enter' : 'Add a value, press Enter'}
        tags={values}
        width={40}
        onChange={(tags) => {
          onChange(tags);
          onCommit();
        }}
      />
    );
  }
  return (
    <Input
      aria-label="Value"
      type={numeric ? 'number' : 'text'}
      width={24}
      placeholder={op === 'contains' ? 'text' : 'number'}
      value={values[0] ?? ''}
      onChange={(e) => onChange([e.currentTarget.value])}
      onBlur={onCommit}
    />
  );
}
