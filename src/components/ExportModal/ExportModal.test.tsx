import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import type { BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable, of, throwError } from 'rxjs';
import type { ExportJob, ExportTarget } from '../../shared/exportTarget';
import { ExportModal } from './ExportModal';

/** A stand-in backend holding export jobs, answering the export routes as the real one does. */
interface Call {
  method: string;
  path: string;
  data?: unknown;
}
let calls: Call[];
let answer: (call: Call) => { status?: number; data: unknown };
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({
    fetch: (req: BackendSrvRequest): Observable<FetchResponse> => {
      const call = { method: req.method ?? 'GET', path: req.url.replace(BASE, ''), data: req.data };
      calls.push(call);
      const res = answer(call);
      const status = res.status ?? 200;
      if (status >= 400) {
        return throwError(() => ({ status, statusText: `HTTP ${status}`, data: res.data, config: req }));
      }
      return of({ status, data: res.data, ok: true } as FetchResponse);
    },
  }),
}));

const BASE = '/api/datasources/proxy/uid/runlens/runlens';
const target: ExportTarget = {
  baseUrl: BASE,
  request: { kind: 'logs', script: ['billing'], from: '1', to: '2', q: 'timeout', sort: 'timestamp', order: 'asc' },
  total: 2500,
};
const job = (over: Partial<ExportJob>): ExportJob => ({
  id: 'job-1',
  kind: 'logs',
  state: 'running',
  file_name: 'billing_logs_data.csv',
  rows_expected: 2500,
  rows_written: 0,
  bytes: null,
  error: null,
  ...over,
});

beforeEach(() => {
  calls = [];
});

describe('ExportModal', () => {
  it("starts the export of the table's selection, shows progress, then the download", async () => {
    const states = [job({ rows_written: 1000 }), job({ state: 'done', rows_written: 2500, bytes: 90_000 })];
    answer = ({ method }) => ({ data: { export: method === 'POST' ? job({}) : states.shift() } });
    render(<ExportModal target={target} pollMs={10} />);

    expect(await screen.findByText('0 of 2,500 rows written')).toBeInTheDocument();
    expect(calls[0]).toEqual({ method: 'POST', path: '/api/v1/exports', data: target.request });
    expect(await screen.findByText('1,000 of 2,500 rows written')).toBeInTheDocument();
    const link = await screen.findByRole('link', { name: /Download billing_logs_data\.csv/ });
    expect(link).toHaveAttribute('href', `${BASE}/api/v1/exports/job-1/download`);
    expect(screen.getByText('Done: 2,500 of 2,500 rows written')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel export' })).not.toBeInTheDocument();
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'POST /api/v1/exports',
      'GET /api/v1/exports/job-1',
      'GET /api/v1/exports/job-1',
    ]);
  });

  it('cancels a running export, and offers no download', async () => {
    answer = ({ method }) => ({
      data: {
        export: method === 'DELETE' ? job({ state: 'cancelled', rows_written: 500 }) : job({ rows_written: 500 }),
      },
    });
    render(<ExportModal target={target} pollMs={60_000} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel export' }));
    expect(await screen.findByText('Export cancelled: no file was kept')).toBeInTheDocument();
    expect(calls.at(-1)).toMatchObject({ method: 'DELETE', path: '/api/v1/exports/job-1' });
    expect(screen.queryByRole('link', { name: /Download/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel export' })).not.toBeInTheDocument();
  });

  it('says why the backend refused the export (e.g. Grafana sends no user header)', async () => {
    answer = () => ({
      status: 400,
      data: {
        error: {
          code: 'user_required',
          message: 'exports belong to a Grafana user: X-Grafana-User is required',
          details: [{ path: 'headers.x-grafana-user', message: 'required' }],
        },
      },
    });
    render(<ExportModal target={target} />);
    expect(await screen.findByText('The export failed')).toBeInTheDocument();
    expect(screen.getByText(/X-Grafana-User is required \(headers\.x-grafana-user: required\)/)).toBeInTheDocument();
  });

  it('shows the error of an export that failed while it was written', async () => {
    answer = ({ method }) => ({
      data: {
        export:
          method === 'POST' ? job({}) : job({ state: 'failed', rows_written: 5000, error: 'reading the rows failed' }),
      },
    });
    render(<ExportModal target={target} pollMs={10} />);
    expect(await screen.findByText('reading the rows failed')).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /Download/ })).not.toBeInTheDocument();
  });
});
