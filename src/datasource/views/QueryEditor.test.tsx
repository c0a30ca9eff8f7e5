import { act, fireEvent, screen, within } from '@testing-library/react';
import { RunLensDataSource } from '../data/datasource';
import { fakeTemplateSrv } from '../test/fakeTemplateSrv';
import { instanceSettings } from '../test/fixtures';
import { renderEditor } from '../test/renderEditor';
import { mockFetch } from '../test/mockBackendSrv';
import type { FlatQuery } from '../data/query/migrate';
import { fakeLayout } from '../../test/layout';
import { QueryEditor } from './QueryEditor';

let backend: ReturnType<typeof mockFetch>;
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: (req: unknown) => backend.fetch(req as never) }),
  getTemplateSrv: () => fakeTemplateSrv({ script: 'billing' }),
}));

beforeAll(fakeLayout);

async function setup(initial: Partial<FlatQuery> = {}) {
  backend = mockFetch(() => ({
    data: {
      scripts: [
        { script: 'billing', deployed: true, current_version: 3 },
        { script: 'orders', deployed: false, current_version: 1 },
      ],
    },
  }));
  const ds = new RunLensDataSource(instanceSettings, fakeTemplateSrv({}));
  return renderEditor(QueryEditor, ds, { refId: 'A', queryType: 'runs', ...initial });
}

async function pick(input: HTMLElement, optionText: string | RegExp) {
  await act(async () => {
    fireEvent.click(input);
    fireEvent.change(input, { target: { value: typeof optionText === 'string' ? optionText : '' } });
  });
  fireEvent.click(await screen.findByRole('option', { name: optionText }));
}

describe('QueryEditor', () => {
  it('offers the six query types and runs the query on change', async () => {
    const { last, onRunQuery } = await setup();
    for (const label of ['Runs', 'Stats', 'Time series', 'By version', 'Logs', 'Record']) {
      expect(screen.getByRole('radio', { name: label })).toBeInTheDocument();
    }
    fireEvent.click(screen.getByRole('radio', { name: 'Stats' }));
    expect(last().queryType).toBe('stats');
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('switching from runs to logs keeps only the filters logs can take', async () => {
    const { last } = await setup({
      filters: [
        { field: 'status', op: 'is', values: ['failed'] },
        { field: 'run_id', op: 'is', values: ['r-1'] },
      ],
    });
    fireEvent.click(screen.getByRole('radio', { name: 'Logs' }));
    expect(last().filters).toEqual([{ field: 'run_id', op: 'is', values: ['r-1'] }]);
  });

  it('builds a between filter on response time', async () => {
    const { last, onRunQuery } = await setup();
    fireEvent.click(screen.getByRole('button', { name: /Add filter/ }));
    await pick(screen.getByPlaceholderText('Column'), 'Response time (ms)');
    expect(last().filters).toEqual([{ field: 'response_time_ms', op: 'is', values: [] }]);
    await pick(screen.getByPlaceholderText('Operator'), 'between');
    fireEvent.change(screen.getByLabelText('From value'), { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText('To value'), { target: { value: '250' } });
    fireEvent.blur(screen.getByLabelText('To value'));
    expect(last().filters).toEqual([{ field: 'response_time_ms', op: 'between', values: ['100', '250'] }]);
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('offers comparisons only for number columns', async () => {
    await setup({ filters: [{ field: 'source', op: 'is', values: [] }] });
    await act(async () => fireEvent.click(screen.getByPlaceholderText('Operator')));
    const options = (await screen.findAllByRole('option')).map((o) => o.textContent);
    expect(options).toEqual(['is', 'is not', 'contains']);
  });

  it('takes several values for "is" and one for "contains"', async () => {
    const { last } = await setup({ filters: [{ field: 'source', op: 'is', values: ['cron'] }] });
    const tags = screen.getByPlaceholderText('Add a value, press Enter');
    fireEvent.change(tags, { target: { value: 'webhook' } });
    fireEvent.keyDown(tags, { key: 'Enter' });
    expect(last().filters![0].values).toEqual(['cron', 'webhook']);
    await pick(screen.getByPlaceholderText('Operator'), 'contains');
    expect(last().filters![0]).toEqual({ field: 'source', op: 'contains', values: ['cron'] });
    expect(screen.getByLabelText('Value')).toHaveValue('cron');
  });

  it('shows AND / OR for the whole set once there are two filters', async () => {
    const { last } = await setup({ filters: [{ field: 'status', op: 'is', values: ['failed'] }] });
    expect(screen.queryByRole('radio', { name: 'Any (OR)' })).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: /Add filter/ }));
    fireEvent.click(screen.getByRole('radio', { name: 'Any (OR)' }));
    expect(last().match).toBe('any');
  });

  it('removes a filter', async () => {
    const { last } = await setup({
      filters: [
        { field: 'status', op: 'is', values: ['failed'] },
        { field: 'source', op: 'is', values: ['cron'] },
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter 1' }));
    expect(last().filters).toEqual([{ field: 'source', op: 'is', values: ['cron'] }]);
  });

  it('runs the free text search when the box is left', async () => {
    const { last, onRunQuery } = await setup();
    const box = screen.getByLabelText('Search');
    fireEvent.change(box, { target: { value: 'timeout' } });
    expect(onRunQuery).not.toHaveBeenCalled();
    fireEvent.blur(box);
    expect(last().q).toBe('timeout');
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('picks scripts from the backend list', async () => {
    const { last } = await setup();
    const picker = screen.getByLabelText('Scripts');
    await act(async () => fireEvent.click(picker));
    const option = await screen.findByRole('option', { name: /orders/ });
    expect(within(option).getByText('not deployed')).toBeInTheDocument();
    fireEvent.click(option);
    expect(last().scripts).toEqual(['orders']);
  });

  it('shows each type its own options', async () => {
    await setup({ queryType: 'record' });
    expect(screen.getByLabelText('Run ID')).toHaveAttribute('placeholder', '$run_id');
    // Previous / next of a record follow the list's order.
    expect(screen.getByLabelText('Sort by')).toBeInTheDocument();
    expect(screen.queryByLabelText('Max rows')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Time series' }));
    expect(screen.getByLabelText('Interval')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('radio', { name: 'Logs' }));
    expect(screen.getByLabelText('Max rows')).toBeInTheDocument();
  });

  it('Logs: "Count only" asks for the total alone (Total Logs) and drops the paging options', async () => {
    const { last, onRunQuery } = await setup({ queryType: 'logs' });
    const countOnly = screen.getByLabelText('Count only');
    expect(countOnly).not.toBeChecked();
    fireEvent.click(countOnly);
    expect(last()).toMatchObject({ queryType: 'logs', countOnly: true });
    expect(onRunQuery).toHaveBeenCalled();
    expect(screen.getByLabelText('Count only')).toBeChecked();
    expect(screen.queryByLabelText('Max rows')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Sort by')).not.toBeInTheDocument();
    // Filters and search still apply to the count.
    expect(screen.getByLabelText('Search')).toBeInTheDocument();
    fireEvent.click(screen.getByLabelText('Count only'));
    expect(last().countOnly).toBe(false);
    expect(screen.getByLabelText('Max rows')).toBeInTheDocument();
  });

  it('offers "Count only" on logs queries only', async () => {
    await setup({ queryType: 'runs' });
    expect(screen.queryByLabelText('Count only')).not.toBeInTheDocument();
  });

  it('Log volume: keeps the logs filters and search, and takes a bucket interval instead of paging', async () => {
    const filters = [{ field: 'level', op: 'is' as const, values: ['error'] }];
    const { last, onRunQuery } = await setup({ queryType: 'logs', filters, q: 'timeout' });
    fireEvent.click(screen.getByRole('radio', { name: 'Log volume' }));
    expect(last()).toMatchObject({ queryType: 'logVolume', filters, q: 'timeout' });
    expect(onRunQuery).toHaveBeenCalled();
    expect(screen.getByLabelText('Search')).toHaveAttribute('placeholder', 'Words in the message, a log ID or run ID');
    expect(screen.queryByLabelText('Max rows')).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Count only')).not.toBeInTheDocument();
    fireEvent.change(screen.getByLabelText('Interval'), { target: { value: '15m' } });
    expect(last()).toMatchObject({ queryType: 'logVolume', interval: '15m' });
  });
});
