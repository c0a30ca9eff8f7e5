import { LoadingState } from '@grafana/data';
import { firstValueFrom, Subject, take, toArray } from 'rxjs';
import type { LogRow } from '../types';
import { liveLogs } from './liveLogs';

const row = (n: number) =>
  ({
    log_id: `l${n}`,
    run_id: 'r',
    level: 'info',
    message: `line ${n}`,
    timestamp: '2026-12-01T10:00:00.000Z',
  }) as LogRow;

describe('Explore live logs', () => {
  it('emits one growing logs frame of the newest lines, streaming, under a stable key', async () => {
    const rows = new Subject<LogRow>();
    const updates = firstValueFrom(liveLogs('A', rows, 3).pipe(take(2), toArray()));
    [1, 2].forEach((n) => rows.next(row(n)));
    await new Promise((r) => setTimeout(r, 300));
    [3, 4].forEach((n) => rows.next(row(n)));
    const [first, second] = await updates;
    const messages = (r: typeof first) => r.data[0].fields.find((f: { name: string }) => f.name === 'message')!.values;
    expect(messages(first)).toEqual(['line 1', 'line 2']);
    expect(messages(second)).toEqual(['line 2', 'line 3', 'line 4']);
    expect([first.state, second.key]).toEqual([LoadingState.Streaming, 'A-live']);
    expect(second.data[0].meta.preferredVisualisationType).toBe('logs');
  });
});
