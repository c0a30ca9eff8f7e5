import React from 'react';
import { InlineField, RadioButtonGroup } from '@grafana/ui';
import type { QueryType } from '../types';
import { QUERY_TYPES } from '../data/queryTypes';

interface Props {
  value: QueryType;
  onChange: (queryType: QueryType) => void;
}

export function QueryTypeField({ value, onChange }: Props) {
  return (
    <InlineField label="Query type" labelWidth={14}>
      <RadioButtonGroup<QueryType> options={QUERY_TYPES} value={value} onChange={onChange} />
    </InlineField>
  );
}
