import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';
import { setDataSourceSrv, type DataSourceSrv } from '@grafana/runtime';
import type { RunLensOptions, RunLensSecureOptions } from '../types';
import { ConfigEditor } from './ConfigEditor';

// The trace data source picker lists Grafana's data sources: none here.
beforeAll(() => setDataSourceSrv({ getList: () => [], getInstanceSettings: () => undefined } as unknown as DataSourceSrv));

const base = {
  id: 1,
  uid: 'runlens',
  name: 'RunLens',
  type: 'runlens-scripts-datasource',
  jsonData: {},
  secureJsonFields: {},
} as unknown as DataSourceSettings<RunLensOptions, RunLensSecureOptions>;

describe('ConfigEditor', () => {
  it('keeps the backend URL in jsonData', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={base} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText(/Backend URL/), { target: { value: ' http://runlens-backend:8080 ' } });
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({
        jsonData: { backendUrl: 'http://runlens-backend:8080' },
        url: 'http://runlens-backend:8080',
        access: 'proxy',
      })
    );
  });

  it('keeps the read token in secureJsonData only', () => {
    const onOptionsChange = jest.fn();
    render(<ConfigEditor options={base} onOptionsChange={onOptionsChange} />);
    fireEvent.change(screen.getByLabelText(/Read token/), { target: { value: 'read-token-0123456789' } });
    const saved = onOptionsChange.mock.calls[0][0];
    expect(saved.secureJsonData).toEqual({ readToken: 'read-token-0123456789' });
    expect(JSON.stringify(saved.jsonData)).not.toContain('read-token');
  });

  it('shows a saved token as configured, never its value, and can reset it', () => {
    const onOptionsChange = jest.fn();
    render(
      <ConfigEditor options={{ ...base, secureJsonFields: { readToken: true } }} onOptionsChange={onOptionsChange} />
    );
    expect(screen.getByDisplayValue('configured')).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: /reset/i }));
    expect(onOptionsChange).toHaveBeenCalledWith(
      expect.objectContaining({ secureJsonFields: { readToken: false }, secureJsonData: { readToken: '' } })
    );
  });
});
