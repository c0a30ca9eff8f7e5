import React from 'react';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { getDefaultTimeRange, LoadingState, type PanelData, type PanelProps } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { recordFrames, type RecordResult } from '../../datasource/data/frames/recordFrame';
import { log, run } from '../../datasource/test/fixtures';
import { RecordPanel } from './RecordPanel';
import { DEFAULT_OPTIONS, type RecordPanelOptions } from './types';

const writeText = jest.fn().mockResolvedValue(undefined);
beforeAll(() => {
  Object.assign(navigator, { clipboard: { writeText } });
  Object.defineProperty(window, 'isSecureContext', { configurable: true, value: true });
});

let partial: jest.SpyInstance;
beforeEach(() => {
  writeText.mockClear();
  partial = jest.spyOn(locationService, 'partial').mockImplementation(() => {});
});
afterEach(() => partial.mockRestore());

const okResult = (over: Partial<RecordResult['meta']> = {}): RecordResult => ({
  meta: { state: 'ok', runId: 'run-1', prevRunId: 'run-0', nextRunId: 'run-2', ...over },
  run: {
    ...run(1, { status: 'failed', response_time_ms: null, error: 'TypeError: x is undefined' }),
    input: { order: { id: 7, items: [1, 2] } },
    output: null,
  },
  logs: [log(1, { level: 'error', message: 'boom' }), log(2, { message: 'retrying' })],
});

function renderPanel(
  result: RecordResult | undefined,
  options: Partial<RecordPanelOptions> = {},
  extra: Partial<PanelData> = {}
) {
  const data: PanelData = {
    state: LoadingState.Done,
    series: result ? recordFrames('A', result) : [],
    timeRange: getDefaultTimeRange(),
    ...extra,
  };
  const props = {
    data,
    options: { ...DEFAULT_OPTIONS, ...options },
    width: 900,
    height: 600,
    timeZone: 'utc',
  } as unknown as PanelProps<RecordPanelOptions>;
  return render(<RecordPanel {...props} />);
}

describe('RecordPanel', () => {
  it('shows the run: Run ID, status, version, response time, function, source type, source, executed on', () => {
    renderPanel(okResult());
    const record = screen.getByTestId('runlens-record');
    expect(within(record).getByText('run-1')).toBeInTheDocument();
    expect(screen.getByText('Failed')).toBeInTheDocument();
    const value = (label: string) => screen.getByText(label).nextElementSibling?.textContent;
    expect(value('Deployment version')).toBe('2');
    expect(value('Response time')).toBe('–');
    expect(value('Function')).toBe('charge');
    expect(value('Source type')).toBe('API');
    expect(value('Source')).toBe('checkout');
    expect(value('Executed on')).toBe('2026-11-20 10:00:01');
    expect(screen.getByRole('alert', { name: 'Run error' })).toHaveTextContent('TypeError: x is undefined');
  });

  it('shows a successful run green with its response time', () => {
    renderPanel({ ...okResult(), run: { ...run(3), input: {}, output: {} } });
    expect(screen.getByText('Success')).toBeInTheDocument();
    expect(screen.getByText('Response time').nextElementSibling).toHaveTextContent('103 ms');
  });

  it('copies the Run ID', async () => {
    renderPanel(okResult());
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Copy Run ID' })));
    expect(writeText).toHaveBeenCalledWith('run-1');
  });

  it('lists the run logs with Log ID copy, level, message and timestamp', async () => {
    renderPanel(okResult());
    const rows = within(screen.getByRole('table', { name: 'Run logs' })).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('log-1');
    expect(rows[1]).toHaveTextContent('error');
    expect(rows[1]).toHaveTextContent('boom');
    expect(rows[1]).toHaveTextContent('2026-11-20 10:00:00');
    await act(async () => fireEvent.click(within(rows[2]).getByRole('button', { name: 'Copy Log ID' })));
    expect(writeText).toHaveBeenCalledWith('log-2');
  });

  it('shows standard logging as recorded (stdout / stderr), not as the severity Explore reads', () => {
    renderPanel({
      ...okResult(),
      logs: [log(1, { level: 'stdout', message: 'charged' }), log(2, { level: 'stderr', message: 'warned' })],
    });
    const rows = within(screen.getByRole('table', { name: 'Run logs' })).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('stdout');
    expect(rows[2]).toHaveTextContent('stderr');
  });

  it('says when the record holds only the first log lines of a long run', () => {
    renderPanel({ ...okResult(), meta: { ...okResult().meta, logsTotal: 5234 } });
    expect(screen.getByText(/Logs \(first 2 of 5234/)).toBeInTheDocument();
  });

  it('shows input as collapsible JSON and copies it whole', async () => {
    renderPanel(okResult());
    const input = screen.getByRole('region', { name: 'Input' });
    // Open two levels deep by default: order's keys show.
    expect(within(input).getByText('id:')).toBeInTheDocument();
    fireEvent.click(within(input).getByRole('button', { name: /Collapse all/ }));
    expect(within(input).queryByText('id:')).not.toBeInTheDocument();
    fireEvent.click(within(input).getByRole('button', { name: /Expand all/ }));
    expect(within(input).getByText('items:')).toBeInTheDocument();
    await act(async () => fireEvent.click(within(input).getByRole('button', { name: /Copy input/ })));
    expect(writeText).toHaveBeenCalledWith(JSON.stringify({ order: { id: 7, items: [1, 2] } }, null, 2));
    expect(within(screen.getByRole('region', { name: 'Output' })).getByText('null')).toBeInTheDocument();
  });

  it('K and J move the run_id variable to the previous and next run', () => {
    renderPanel(okResult());
    fireEvent.keyDown(document.body, { key: 'k' });
    expect(partial).toHaveBeenLastCalledWith({ 'var-run_id': 'run-0' }, true);
    fireEvent.keyDown(document.body, { key: 'J' });
    expect(partial).toHaveBeenLastCalledWith({ 'var-run_id': 'run-2' }, true);
  });

  it('ignores K / J while typing or with a modifier', () => {
    renderPanel(okResult());
    const input = document.createElement('input');
    document.body.appendChild(input);
    fireEvent.keyDown(input, { key: 'j' });
    fireEvent.keyDown(document.body, { key: 'j', ctrlKey: true });
    expect(partial).not.toHaveBeenCalled();
    input.remove();
  });

  it('previous / next buttons follow the list and are disabled at its ends', () => {
    renderPanel(okResult({ prevRunId: null, nextRunId: 'run-2' }), { runIdVariable: 'selected_run' });
    expect(screen.getByRole('button', { name: /Previous/ })).toHaveAttribute('aria-disabled', 'true');
    fireEvent.keyDown(document.body, { key: 'k' });
    expect(partial).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /Next/ }));
    expect(partial).toHaveBeenCalledWith({ 'var-selected_run': 'run-2' }, true);
  });

  it.each([
    ['no_script', 'No script deployed'],
    ['never_run', 'Deployed, but never run'],
    ['no_runs', 'No runs in this time range'],
    ['not_found', 'Run not found'],
  ] as const)('says why it is empty: %s', (state, message) => {
    renderPanel({ meta: { state, runId: 'run-x', prevRunId: null, nextRunId: null }, logs: [] });
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(screen.queryByTestId('runlens-record')).not.toBeInTheDocument();
  });

  it('names the missing run', () => {
    renderPanel({ meta: { state: 'not_found', runId: 'run-x', prevRunId: null, nextRunId: null }, logs: [] });
    expect(screen.getByText(/Run ID: run-x/)).toBeInTheDocument();
  });

  it('shows the query error when the record could not be loaded', () => {
    renderPanel(undefined, {}, { state: LoadingState.Error, errors: [{ message: 'Elasticsearch unavailable' }] });
    expect(screen.getByText('Could not load the run')).toBeInTheDocument();
    expect(screen.getByText('Elasticsearch unavailable')).toBeInTheDocument();
  });

  it('asks for a Record query when given other data', () => {
    renderPanel(undefined);
    expect(screen.getByText(/query of type Record/)).toBeInTheDocument();
  });
});
