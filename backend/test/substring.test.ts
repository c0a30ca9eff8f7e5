import { type Api, startApi } from './harness';

/** `contains` and free text: a case-insensitive substring of the text, exact counts. */
let api: Api;
const MESSAGES = [
  'TimeoutError: upstream took 30s',
  'connection timeout',
  'a*b?c "quoted" back\\slash (paren)',
  'Grüße aus Köln 日本語テキスト',
  'x',
  'ok',
  'aaaa',
];
const lines = MESSAGES.map((message, i) => ({
  log_id: `sub-${i}`,
  run_id: 'sub-run',
  level: 'info',
  message,
  timestamp: new Date(Date.now() - 60_000 + i).toISOString(),
}));

const RUN = { run_id: 'sub-run', script: 'sub', function: 'f', source_type: 'api', source: 'web' };

beforeAll(async () => {
  api = await startApi();
  await api.ingest('POST', '/api/v1/scripts/sub/deployments');
  await api.ingest('POST', '/api/v1/runs', RUN);
  expect((await api.ingest('POST', '/api/v1/logs', lines)).status).toBe(200);
  await api.ingest('POST', '/api/v1/runs', { ...RUN, run_id: 'sub-failed' });
  await api.ingest('POST', '/api/v1/runs/sub-failed/finish', {
    status: 'failed',
    error: 'TimeoutError: upstream took 30s',
  });
  await api.refresh();
}, 60_000);
afterAll(() => api.close());

const needles = [
  'timeout',
  'TIMEOUT',
  'meoutErr',
  'x',
  'ok',
  'k',
  'aaa',
  'aaaaa',
  '*',
  '?c "',
  '\\s',
  '(pa',
  'üSSE',
  'köln',
  '日本',
  'テキスト',
  ': up',
];

describe('message contains', () => {
  it.each(needles)('%s', async (needle) => {
    const res = await api.read('/api/v1/logs', {
      script: 'sub',
      filters: [{ field: 'message', op: 'contains', values: [needle] }],
      limit: 100,
    });
    const want = lines.filter((l) => l.message.toLowerCase().includes(needle.toLowerCase())).map((l) => l.log_id);
    expect(res.body.total).toBe(want.length);
    expect(res.body.rows.map((l: { log_id: string }) => l.log_id).sort()).toEqual(want.sort());
    expect(res.body.rows.every((l: Record<string, unknown>) => !('message_grams' in l))).toBe(true);
  });

  it('free text is a substring too', async () => {
    const res = await api.read('/api/v1/logs', { script: 'sub', q: 'imeouterr', limit: 100 });
    expect(res.body.rows.map((l: { log_id: string }) => l.log_id)).toEqual(['sub-0']);
  });
});

describe('run error contains', () => {
  it.each(['timeout', 'TimeoutErr', 'took 30'])(
    '%s finds the run whose error reads TimeoutError: …',
    async (needle) => {
      const res = await api.read('/api/v1/runs', {
        script: 'sub',
        filters: [{ field: 'error', op: 'contains', values: [needle] }],
        limit: 100,
      });
      expect(res.body.total).toBe(1);
      expect(res.body.rows.map((r: { run_id: string }) => r.run_id)).toEqual(['sub-failed']);
    }
  );
});
