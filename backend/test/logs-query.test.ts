import { type Api, rng, startApi } from './harness';

/** The logs read: every filter of the Logs tab against exact answers from the same lines. */
let api: Api;
type Line = { log_id: string; run_id: string; level: string; message: string; timestamp: string };
const lines: Line[] = [];
const LEVELS = ['stdout', 'stderr', 'info', 'debug', 'warning', 'error'];
const WORDS = [
  'payment accepted',
  'Payment declined by bank',
  'retrying request',
  'cache miss for key',
  'timeout after 30s',
];

beforeAll(async () => {
  api = await startApi();
  await api.ingest('POST', '/api/v1/scripts/shop/deployments');
  const random = rng(7);
  for (let r = 0; r < 6; r++) {
    const run_id = `shop-run-${r}`;
    await api.ingest('POST', '/api/v1/runs', {
      run_id,
      script: 'shop',
      function: 'checkout',
      source_type: 'api',
      source: 'web',
    });
    const batch: Line[] = Array.from({ length: 60 }, (_, i) => ({
      log_id: `log-${r}-${String(i).padStart(3, '0')}`,
      run_id,
      level: LEVELS[Math.floor(random() * LEVELS.length)]!,
      message: `${WORDS[Math.floor(random() * WORDS.length)]} #${i}`,
      timestamp: new Date(Date.now() - 3_600_000 + r * 60_000 + i).toISOString(),
    }));
    expect((await api.ingest('POST', '/api/v1/logs', batch)).status).toBe(200);
    lines.push(...batch);
  }
  await api.refresh();
}, 60_000);
afterAll(() => api.close());

const cases: Array<[string, Array<{ field: string; op: string; values: unknown[] }>, (l: Line) => boolean]> = [
  ['level is error', [{ field: 'level', op: 'is', values: ['error'] }], (l) => l.level === 'error'],
  [
    'level is not stdout,stderr',
    [{ field: 'level', op: 'is_not', values: ['stdout', 'stderr'] }],
    (l) => !['stdout', 'stderr'].includes(l.level),
  ],
  [
    'message contains words in order, any case',
    [{ field: 'message', op: 'contains', values: ['PAYMENT declined'] }],
    (l) => /payment declined/i.test(l.message),
  ],
  [
    'message is exactly',
    [{ field: 'message', op: 'is', values: ['retrying request #3'] }],
    (l) => l.message === 'retrying request #3',
  ],
  [
    'log id is',
    [{ field: 'log_id', op: 'is', values: ['log-2-007', 'log-5-059'] }],
    (l) => ['log-2-007', 'log-5-059'].includes(l.log_id),
  ],
  ['run id is not', [{ field: 'run_id', op: 'is_not', values: ['shop-run-0'] }], (l) => l.run_id !== 'shop-run-0'],
  ['run id contains', [{ field: 'run_id', op: 'contains', values: ['RUN-3'] }], (l) => l.run_id === 'shop-run-3'],
];

describe('logs', () => {
  it('counts every line as Total Logs', async () => {
    expect((await api.read('/api/v1/logs', { script: 'shop' })).body.total).toBe(lines.length);
  });

  it.each(cases)('%s', async (_name, filters, expected) => {
    const res = await api.read('/api/v1/logs', { script: 'shop', filters, limit: 1000 });
    const want = lines
      .filter(expected)
      .map((l) => l.log_id)
      .sort();
    expect(res.body.total).toBe(want.length);
    expect(res.body.rows.map((l: Line) => l.log_id).sort()).toEqual(want);
  });

  it('combines level and message with AND, or with OR', async () => {
    const filters = [
      { field: 'level', op: 'is', values: ['warning'] },
      { field: 'message', op: 'contains', values: ['timeout'] },
    ];
    const and = await api.read('/api/v1/logs', { script: 'shop', filters, match: 'all', limit: 1000 });
    const or = await api.read('/api/v1/logs', { script: 'shop', filters, match: 'any', limit: 1000 });
    expect(and.body.total).toBe(lines.filter((l) => l.level === 'warning' && l.message.startsWith('timeout')).length);
    expect(or.body.total).toBe(lines.filter((l) => l.level === 'warning' || l.message.startsWith('timeout')).length);
  });

  it('pages through all lines in time order, newest first by default', async () => {
    const seen: Line[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 50; i++) {
      const res = await api.read('/api/v1/logs', { script: 'shop', limit: 47, cursor });
      seen.push(...res.body.rows);
      cursor = res.body.next_cursor ?? undefined;
      if (!cursor) {
        break;
      }
    }
    expect(seen.map((l) => l.log_id)).toEqual(
      [...lines].sort((a, b) => b.timestamp.localeCompare(a.timestamp)).map((l) => l.log_id)
    );
  });

  it('matches free text over message, run id and log id', async () => {
    const res = await api.read('/api/v1/logs', { script: 'shop', q: 'cache miss', limit: 1000 });
    expect(res.body.total).toBe(lines.filter((l) => l.message.includes('cache miss')).length);
  });

  it('counts lines per time bucket and level under the same filters as the list', async () => {
    const from = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const to = new Date().toISOString();
    const filters = [{ field: 'message', op: 'contains', values: ['payment'] }];
    const res = await api.read('/api/v1/logs/timeseries', { script: 'shop', from, to, filters, interval: '30m' });
    expect(res.body.interval).toBe('30m');
    const matching = lines.filter((l) => /payment/i.test(l.message));
    expect(res.body.buckets.reduce((n: number, b: { total_logs: number }) => n + b.total_logs, 0)).toBe(
      matching.length
    );
    for (const level of ['stdout', 'error']) {
      const counted = res.body.buckets.reduce(
        (n: number, b: { by_level: Record<string, number> }) => n + b.by_level[level]!,
        0
      );
      expect([level, counted]).toEqual([level, matching.filter((l) => l.level === level).length]);
    }
    const bad = await api.read('/api/v1/logs/timeseries', {
      script: 'shop',
      interval: '1m',
      from: '2026-01-01T00:00:00Z',
      to: '2026-03-01T00:00:00Z',
    });
    expect(bad.status).toBe(400);
  });
});
