import React from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineField, RadioButtonGroup, Stack } from '@grafana/ui';
import type { RunLensDataSource } from '../data/datasource';
import type { DeploymentMarkers, DeploymentsQuery } from '../data/queryTypes/deployments';
import type { RunLensOptions, RunLensQuery } from '../types';
import { ScriptPicker } from './ScriptPicker';

const MARKERS: Array<{ value: DeploymentMarkers; label: string; description: string }> = [
  { value: 'both', label: 'Deployed and undeployed', description: 'A marker at each deploy and each undeploy' },
  { value: 'deployed', label: 'Deployed', description: 'A marker at each deploy: "v3 deployed"' },
  { value: 'undeployed', label: 'Undeployed', description: 'A marker at each undeploy: "v3 undeployed"' },
];

type Props = QueryEditorProps<RunLensDataSource, RunLensQuery, RunLensOptions>;

/** Deployment markers: which scripts ($script works) and which events. */
export function DeploymentsAnnotationEditor({ datasource, query, onChange, onRunQuery }: Props) {
  const set = (patch: Partial<DeploymentsQuery>) => {
    onChange({ ...query, ...patch, queryType: 'deployments' });
    onRunQuery?.();
  };
  return (
    <Stack direction="column" gap={0.5}>
      <ScriptPicker api={datasource.api} value={query.scripts ?? []} onChange={(scripts) => set({ scripts })} />
      <InlineField label="Markers" labelWidth={14} tooltip="Deployments come from the RunLens backend">
        <RadioButtonGroup<DeploymentMarkers>
          options={MARKERS}
          value={('markers' in query ? query.markers : undefined) ?? 'both'}
          onChange={(markers) => set({ markers })}
        />
      </InlineField>
    </Stack>
  );
}
