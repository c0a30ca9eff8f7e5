import { createDataFrame, FieldType, LoadingState, type DataQueryResponse } from '@grafana/data';
import { lastValueFrom, toArray } from 'rxjs';
import { liveQuery, showsRunInProgress } from './live';

const recordOf = (status: string): DataQueryResponse => ({
  data: [createDataFrame({ name: 'record', fields: [{ name: 'status', type: FieldType.string, values: [status] }] })],
});

describe('live record updates', () => {
  it('knows a record of a run in progress', () => {
    expect(showsRunInProgress(recordOf('in_progress'))).toBe(true);
    expect(showsRunInProgress(recordOf('success'))).toBe(false);
    expect(
      showsRunInProgress({
        data: [createDataFrame({ name: 'runs', fields: [{ name: 'status', values: ['in_progress'] }] })],
      })
    ).toBe(false);
  });

  it('streams while the run is in progress and completes once it has finished', async () => {
    const answers = [recordOf('in_progress'), recordOf('in_progress'), recordOf('failed')];
    const read = jest.fn(async () => answers.shift()!);
    const emitted = await lastValueFrom(
      liveQuery(read, showsRunInProgress, { pollMs: 1, maxPolls: 10 }, 'k').pipe(toArray())
    );
    expect(emitted.map((r) => r.state)).toEqual([LoadingState.Streaming, LoadingState.Streaming, LoadingState.Done]);
    expect(emitted[2].data[0].fields[0].values).toEqual(['failed']);
    expect(emitted.every((r) => r.key === 'k')).toBe(true);
  });

  it('answers once for anything else', async () => {
    const read = jest.fn(async () => recordOf('success'));
    const emitted = await lastValueFrom(
      liveQuery(read, showsRunInProgress, { pollMs: 1, maxPolls: 10 }).pipe(toArray())
    );
    expect(emitted).toHaveLength(1);
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxPolls', async () => {
    const read = jest.fn(async () => recordOf('in_progress'));
    const emitted = await lastValueFrom(
      liveQuery(read, showsRunInProgress, { pollMs: 1, maxPolls: 3 }).pipe(toArray())
    );
    expect(read).toHaveBeenCalledTimes(3);
    expect(emitted[2].state).toBe(LoadingState.Done);
  });

  it('stops reading when the panel unsubscribes', async () => {
    const read = jest.fn(async () => recordOf('in_progress'));
    const sub = liveQuery(read, showsRunInProgress, { pollMs: 5, maxPolls: 100 }).subscribe();
    await new Promise((r) => setTimeout(r, 2));
    sub.unsubscribe();
    const calls = read.mock.calls.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(read.mock.calls.length).toBe(calls);
  });
});
