import { createDataFrame, FieldType, LoadingState, type DataQueryResponse } from '@grafana/data';
import { lastValueFrom, NEVER, Subject, toArray } from 'rxjs';
import { RECORD_FRAME, RECORD_LOGS_FRAME } from '../../shared/recordFrame';
import type { LogRow } from '../types';
import { logsFrame } from './frames/logsFrame';
import { liveQuery, runInProgress, withLogs } from './live';

const row = (log_id: string, message: string): LogRow =>
  ({ log_id, run_id: 'r1', level: 'info', message, timestamp: '2026-12-01T10:00:00.000Z' }) as LogRow;

const recordOf = (status: string, logs: LogRow[] = []): DataQueryResponse => {
  const frame = logsFrame('A', logs);
  frame.name = RECORD_LOGS_FRAME;
  return {
    data: [
      createDataFrame({
        name: RECORD_FRAME,
        fields: [
          { name: 'run_id', type: FieldType.string, values: ['r1'] },
          { name: 'status', type: FieldType.string, values: [status] },
        ],
      }),
      frame,
    ],
  };
};
const messages = (res: DataQueryResponse) =>
  res.data.find((f) => f.name === RECORD_LOGS_FRAME)!.fields.find((f: { name: string }) => f.name === 'message')!
    .values;

describe('live record', () => {
  it('knows a record of a run in progress and the lines it shows', () => {
    expect(runInProgress(recordOf('in_progress', [row('a', 'x')]))).toEqual({ runId: 'r1', logIds: new Set(['a']) });
    expect(runInProgress(recordOf('success'))).toBeNull();
  });

  it('appends lines to the record logs frame, field by field', () => {
    const res = withLogs(recordOf('in_progress', [row('a', 'one')]), [row('b', 'two')]);
    expect(messages(res)).toEqual(['one', 'two']);
    expect(res.data[1].length).toBe(2);
  });

  it('follows the run tail while it is in progress, skips lines already shown, and re-reads once it ends', async () => {
    const answers = [
      recordOf('in_progress', [row('a', 'one')]),
      recordOf('failed', [row('a', 'one'), row('b', 'two')]),
    ];
    const read = jest.fn(async () => answers.shift()!);
    const tail = new Subject<LogRow>();
    const follow = jest.fn(() => tail);
    const emitted: DataQueryResponse[] = [];
    const done = lastValueFrom(liveQuery(read, follow, 'k').pipe(toArray())).then((all) => emitted.push(...all));
    await new Promise((r) => setTimeout(r, 10));
    tail.next(row('a', 'one'));
    tail.next(row('b', 'two'));
    await new Promise((r) => setTimeout(r, 400));
    tail.complete();
    await done;
    expect(follow).toHaveBeenCalledWith('r1');
    expect(emitted.map((r) => r.state)).toEqual([LoadingState.Streaming, LoadingState.Streaming, LoadingState.Done]);
    expect(messages(emitted[1])).toEqual(['one', 'two']);
    expect(emitted[2].data[0].fields[1].values).toEqual(['failed']);
    expect(emitted.every((r) => r.key === 'k')).toBe(true);
  });

  it('answers once for anything else, without a tail', async () => {
    const follow = jest.fn(() => NEVER);
    const emitted = await lastValueFrom(liveQuery(async () => recordOf('success'), follow).pipe(toArray()));
    expect(emitted.map((r) => r.state)).toEqual([LoadingState.Done]);
    expect(follow).not.toHaveBeenCalled();
  });

  it('stops the tail when the panel unsubscribes', async () => {
    const tail = new Subject<LogRow>();
    const sub = liveQuery(
      async () => recordOf('in_progress'),
      () => tail
    ).subscribe();
    await new Promise((r) => setTimeout(r, 10));
    expect(tail.observed).toBe(true);
    sub.unsubscribe();
    expect(tail.observed).toBe(false);
  });
});
