import React from 'react';
import { render } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import type { RunLensOptions, RunLensSecureOptions } from '../types';
import { TracingField } from './TracingField';

// The picker itself is Grafana's; what matters here is what it is asked for and what it writes.
const picker = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  DataSourcePicker: (props: unknown) => {
    picker(props);
    return null;
  },
}));

const options = (jsonData: RunLensOptions) =>
  ({ uid: 'runlens', jsonData, secureJsonFields: {} }) as unknown as DataSourceSettings<
    RunLensOptions,
    RunLensSecureOptions
  >;

test('offers tracing data sources only and stores the chosen one in jsonData.tracingDatasourceUid', () => {
  const onOptionsChange = jest.fn();
  render(<TracingField options={options({ backendUrl: 'http://b' })} onOptionsChange={onOptionsChange} />);
  const props = picker.mock.calls.at(-1)[0];
  expect(props).toMatchObject({ tracing: true, noDefault: true, current: undefined });
  props.onChange({ uid: 'tempo', name: 'Tempo' });
  expect(onOptionsChange).toHaveBeenCalledWith(
    expect.objectContaining({ jsonData: { backendUrl: 'http://b', tracingDatasourceUid: 'tempo' } })
  );
});

test('shows the configured one and clearing removes it', () => {
  const onOptionsChange = jest.fn();
  render(
    <TracingField
      options={options({ backendUrl: 'http://b', tracingDatasourceUid: 'tempo' })}
      onOptionsChange={onOptionsChange}
    />
  );
  const props = picker.mock.calls.at(-1)[0];
  expect(props.current).toBe('tempo');
  props.onClear();
  expect(onOptionsChange).toHaveBeenCalledWith(expect.objectContaining({ jsonData: { backendUrl: 'http://b' } }));
});
