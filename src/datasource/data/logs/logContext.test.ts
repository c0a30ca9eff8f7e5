import { createDataFrame, FieldType, LogRowContextQueryDirection, type LogRowModel } from '@grafana/data';
import { contextRequest } from './logContext';

const frame = createDataFrame({
  name: 'logs',
  fields: [
    { name: 'timestamp', type: FieldType.time, values: [1_000_000, 2_000_000] },
    { name: 'run_id', type: FieldType.string, values: ['r-1', 'r-2'] },
  ],
});
const row = (rowIndex: number) =>
  ({ dataFrame: frame, rowIndex, timeEpochMs: frame.fields[0]!.values[rowIndex] }) as unknown as LogRowModel;

test('context before a line: the lines of its run up to it, closest first, limited', () => {
  const req = contextRequest(row(1), { direction: LogRowContextQueryDirection.Backward, limit: 10 })!;
  expect(req.query).toMatchObject({
    queryType: 'logs',
    filters: [{ field: 'run_id', op: 'is', values: ['r-2'] }],
    sort: 'timestamp',
    order: 'desc',
    limit: 10,
  });
  expect(req.range.to).toBe(2_000_000);
  expect(req.range.from).toBeLessThan(2_000_000);
});

test('context after a line: from it on, oldest first; the original query filters do not apply', () => {
  const origin = { refId: 'B', queryType: 'logs', filters: [{ field: 'level', op: 'is', values: ['error'] }] } as never;
  const req = contextRequest(row(0), { direction: LogRowContextQueryDirection.Forward }, origin)!;
  expect(req.query).toMatchObject({
    refId: 'context-B',
    order: 'asc',
    filters: [{ field: 'run_id', op: 'is', values: ['r-1'] }],
  });
  expect(req.range.from).toBe(1_000_000);
});

test('a line without a run has no context', () => {
  const noRun = createDataFrame({ fields: [{ name: 'timestamp', type: FieldType.time, values: [1] }] });
  expect(contextRequest({ dataFrame: noRun, rowIndex: 0, timeEpochMs: 1 } as unknown as LogRowModel)).toBeUndefined();
});
