import React from 'react';
import { InlineField, Input, RadioButtonGroup, Stack } from '@grafana/ui';
import type { RunLensVariableQuery, VariableKind } from '../types';
import { parseVariableQuery } from '../data/variables';

interface Props {
  query: RunLensVariableQuery | string;
  onChange: (query: RunLensVariableQuery & { refId: string }) => void;
}

const KINDS: Array<{ value: VariableKind; label: string }> = [
  { value: 'scripts', label: 'Scripts' },
  { value: 'functions', label: 'Functions' },
  { value: 'sources', label: 'Sources' },
  { value: 'versions', label: 'Deployment versions' },
];

/** {kind, scripts}: the values of a dashboard variable. */
export function VariableQueryEditor({ query, onChange }: Props) {
  const q = parseVariableQuery(query);
  const emit = (next: RunLensVariableQuery) => onChange({ ...next, refId: q.refId ?? 'RunLensVariableQuery' });
  return (
    <Stack direction="column" gap={0.5}>
      <InlineField label="Values of" labelWidth={14}>
        <RadioButtonGroup<VariableKind> options={KINDS} value={q.kind} onChange={(kind) => emit({ ...q, kind })} />
      </InlineField>
      {q.kind !== 'scripts' && (
        <InlineField
          label="Of scripts"
          labelWidth={14}
          tooltip="Comma-separated; $script follows the script variable. Empty: all scripts."
        >
          <Input
            id="runlens-variable-scripts"
            width={40}
            placeholder="$script"
            defaultValue={(q.scripts ?? []).join(', ')}
            onBlur={(e) =>
              emit({
                ...q,
                scripts: e.currentTarget.value
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean),
              })
            }
          />
        </InlineField>
      )}
    </Stack>
  );
}
