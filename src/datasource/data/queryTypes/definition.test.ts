import type { DataFrame, QueryResultMeta } from '@grafana/data';
import type { RunLensApi } from '../api';
import { resolve, range } from '../../test/requests';
import { runQueryType, type RunContext, type TypedQuery } from './definition';
import { queryTypeOf } from './registry';

/** An api that answers every request with `answer`, and records the paths asked. */
function fakeApi(answer: unknown) {
  const asked: string[] = [];
  const api = { send: async (req: { path: string }) => (asked.push(req.path), answer) } as unknown as RunLensApi;
  return { api, asked };
}

const ctx = <Q extends TypedQuery>(api: RunLensApi, q: unknown, notices: string[] = []): RunContext<Q> => ({
  api,
  query: q as RunContext<Q>['query'],
  range,
  meta: (): QueryResultMeta =>
    notices.length ? { notices: notices.map((text) => ({ severity: 'warning', text })) } : {},
});

describe('runQueryType', () => {
  it('one request, one frame: sends the type’s request and puts the query’s notices on the frame', async () => {
    const { api, asked } = fakeApi({
      total_runs: 3,
      failed_runs: 1,
      p90_ms: 5,
      p99_ms: 9,
      failure_rate: 33.33,
      timed_runs: 2,
      p90_reliable: false,
      p99_reliable: false,
    });
    const stats = queryTypeOf('stats');
    const [frame] = (await runQueryType(stats, ctx(api, resolve({ queryType: 'stats' }), ['note']))) as DataFrame[];
    expect(asked).toEqual(['/api/v1/runs/stats']);
    expect(frame.fields.find((f) => f.name === 'total_runs')?.values).toEqual([3]);
    expect(frame.meta?.notices).toEqual([{ severity: 'warning', text: 'note' }]);
  });

  it('a type with its own steps answers through them', async () => {
    const { api, asked } = fakeApi({ deployments: [] });
    const frames = await runQueryType(
      { ...queryTypeOf('deployments'), frame: undefined, frames: async () => [] },
      ctx(api, resolve({ queryType: 'deployments' }))
    );
    expect(frames).toEqual([]);
    expect(asked).toEqual([]);
  });
});
