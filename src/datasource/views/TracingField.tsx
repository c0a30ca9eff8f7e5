import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Field } from '@grafana/ui';
import type { RunLensOptions, RunLensSecureOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<RunLensOptions, RunLensSecureOptions>;

/** The tracing data source trace_id links open (data/logs/logLinks.ts); none: no trace links. */
export function TracingField({ options, onOptionsChange }: Props) {
  const { tracingDatasourceUid, ...rest } = options.jsonData;
  return (
    <Field
      label="Trace data source"
      description="Where a run's or log line's Trace ID opens (Tempo, Jaeger, Zipkin). Empty: no trace links."
    >
      <DataSourcePicker
        tracing
        noDefault
        width={60}
        current={tracingDatasourceUid}
        onChange={(ds) =>
          onOptionsChange({ ...options, jsonData: { ...options.jsonData, tracingDatasourceUid: ds.uid } })
        }
        onClear={() => onOptionsChange({ ...options, jsonData: rest })}
      />
    </Field>
  );
}
