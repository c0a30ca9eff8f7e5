import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Field, FieldSet, Input, SecretInput } from '@grafana/ui';
import type { RunLensOptions, RunLensSecureOptions } from '../types';
import { TracingField } from './TracingField';

type Props = DataSourcePluginOptionsEditorProps<RunLensOptions, RunLensSecureOptions>;

/** Backend URL (jsonData) and read token (secureJsonData: stored encrypted, added by the data proxy). */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields, secureJsonData } = options;

  return (
    <>
      <FieldSet label="RunLens backend">
        <Field
          label="Backend URL"
          description="Where Grafana's server reaches the RunLens backend, e.g. http://runlens-backend:8080"
          required
        >
          <Input
            id="runlens-backend-url"
            width={60}
            placeholder="http://runlens-backend:8080"
            value={jsonData.backendUrl ?? ''}
            onChange={(e) => {
              const backendUrl = e.currentTarget.value.trim();
              // The proxy route reads jsonData.backendUrl; the data source URL is kept equal for Grafana's own checks.
              onOptionsChange({ ...options, url: backendUrl, access: 'proxy', jsonData: { ...jsonData, backendUrl } });
            }}
          />
        </Field>
        <Field
          label="Read token"
          description="A token from the backend's RUNLENS_READ_TOKENS. Grafana keeps it server-side and adds it to each request; browsers never see it."
          required
        >
          <SecretInput
            id="runlens-read-token"
            width={60}
            placeholder="read-scope token"
            isConfigured={Boolean(secureJsonFields?.readToken)}
            value={secureJsonData?.readToken ?? ''}
            onChange={(e) =>
              onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, readToken: e.currentTarget.value } })
            }
            onReset={() =>
              onOptionsChange({
                ...options,
                secureJsonFields: { ...secureJsonFields, readToken: false },
                secureJsonData: { ...secureJsonData, readToken: '' },
              })
            }
          />
        </Field>
      </FieldSet>
      <FieldSet label="Links">
        <TracingField options={options} onOptionsChange={onOptionsChange} />
      </FieldSet>
    </>
  );
}
