import React from 'react';
import { Combobox, IconButton, Stack } from '@grafana/ui';
import { arity, OP_LABELS, OPS_BY_KIND, type FilterField } from '../data/fields';
import type { FilterCondition, FilterOp } from '../types';
import { FilterValues } from './FilterValues';

interface Props {
  index: number;
  fields: FilterField[];
  condition: FilterCondition;
  onChange: (condition: FilterCondition) => void;
  onRemove: () => void;
  onCommit: () => void;
}

/** field · operator · value(s) · remove. Changing the field resets what no longer fits. */
export function FilterRow({ index, fields, condition, onChange, onRemove, onCommit }: Props) {
  const field = fields.find((f) => f.name === condition.field);
  const ops = field ? OPS_BY_KIND[field.kind] : [];

  const setField = (name: string) => {
    const next = fields.find((f) => f.name === name);
    const op = next && OPS_BY_KIND[next.kind].includes(condition.op) ? condition.op : 'is';
    onChange({ field: name, op, values: next?.kind === field?.kind ? condition.values : [] });
  };
  const setOp = (op: FilterOp) => {
    const n = arity(op);
    onChange({ ...condition, op, values: n === null ? condition.values : condition.values.slice(0, n) });
    onCommit();
  };

  return (
    <Stack gap={0.5} alignItems="center" data-testid={`runlens-filter-${index}`}>
      <Combobox
        id={`runlens-filter-field-${index}`}
        placeholder="Column"
        width={24}
        options={fields.map((f) => ({ value: f.name, label: f.label }))}
        value={condition.field || null}
        onChange={(o) => setField(o.value)}
      />
      <Combobox<FilterOp>
        id={`runlens-filter-op-${index}`}
        placeholder="Operator"
        width={14}
        disabled={!field}
        options={ops.map((op) => ({ value: op, label: OP_LABELS[op] }))}
        value={condition.op}
        onChange={(o) => setOp(o.value)}
      />
      <FilterValues
        index={index}
        field={field}
        op={condition.op}
        values={condition.values}
        onChange={(values) => onChange({ ...condition, values })}
        onCommit={onCommit}
      />
      <IconButton name="trash-alt" aria-label={`Remove filter ${index + 1}`} onClick={onRemove} />
    </Stack>
  );
}
