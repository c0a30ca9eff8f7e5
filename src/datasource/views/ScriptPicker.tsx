import React from 'react';
import { InlineField, MultiCombobox } from '@grafana/ui';
import type { RunLensApi } from '../data/api';
import { useScriptOptions } from './useScriptOptions';

interface Props {
  api: RunLensApi;
  value: string[];
  onChange: (scripts: string[]) => void;
}

/** Which scripts to read; none = all scripts. Dashboard variables such as $script are offered too. */
export function ScriptPicker({ api, value, onChange }: Props) {
  const { options, error } = useScriptOptions(api);
  return (
    <InlineField
      label="Scripts"
      labelWidth={14}
      tooltip="Leave empty for all scripts. $variables are expanded."
      invalid={Boolean(error)}
      error={error ? `Could not list scripts: ${error}` : undefined}
    >
      <MultiCombobox
        id="runlens-scripts"
        width="auto"
        minWidth={30}
        maxWidth={80}
        placeholder="All scripts"
        options={options}
        value={value}
        createCustomValue
        onChange={(selected) => onChange(selected.map((o) => o.value))}
      />
    </InlineField>
  );
}
