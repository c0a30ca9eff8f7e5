import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';
import { QUERY_TYPES, type QueryType } from '../data/queryTypes/registry';

interface Props {
  value: QueryType;
  onChange: (queryType: QueryType) => void;
}

const OPTIONS = QUERY_TYPES.filter((t) => t.inPicker).map((t) => ({
  value: t.type as QueryType,
  label: t.label,
  description: t.description,
}));

export function QueryTypeField({ value, onChange }: Props) {
  return (
    <InlineField label="Query type" labelWidth={14}>
      <RadioButtonGroup<QueryType> options={OPTIONS} value={value} onChange={onChange} />
    </InlineField>
  );
}
