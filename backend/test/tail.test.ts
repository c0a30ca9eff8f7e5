import { type Api, INGEST, READ, startApi } from './harness';

/** Live tails over SSE, against the real Elasticsearch, with two backends behind it. */

interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** An SSE client over fetch: collects events (and comment lines) until closed. */
function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const events: SseEvent[] = [];
  const comments: string[] = [];
  let status = 0;
  let ended = false;
  const done = (async () => {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${READ}`, ...headers },
      signal: controller.signal,
    });
    status = res.status;
    if (!res.ok || !res.body) {
      ended = true;
      return;
    }
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const e: Partial<SseEvent> = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) {
              comments.push(line);
            } else if (line.startsWith('id: ')) {
              e.id = line.slice(4);
            } else if (line.startsWith('event: ')) {
              e.event = line.slice(7);
            } else if (line.startsWith('data: ')) {
              e.data = JSON.parse(line.slice(6));
            }
          }
          if (e.event) {
            events.push(e as SseEvent);
          }
        }
      }
    } catch {
      /* aborted */
    }
    ended = true;
  })();
  return {
    events,
    comments,
    status: () => status,
    ended: () => ended,
    logs: () => events.filter((e) => e.event === 'log').map((e) => e.data.message as string),
    close: async () => {
      controller.abort();
      await done;
    },
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

let a: Api;
let b: Api;
beforeAll(async () => {
  a = await startApi({ TAIL_POLL_MS: '100', TAIL_HEARTBEAT_MS: '300' });
  // A second instance over the same indices: any replica serves any stream.
  b = await startApi({ TAIL_POLL_MS: '100', ES_INDEX_PREFIX: a.prefix, SKIP_ENSURE: '1' });
  for (const script of ['billing', 'shipping']) {
    expect((await a.ingest('POST', `/api/v1/scripts/${script}/deployments`)).status).toBe(201);
  }
});
afterAll(async () => {
  await b?.close().catch(() => undefined);
  await a?.close();
});

const start = (runId: string, script = 'billing') =>
  a.ingest('POST', '/api/v1/runs', {
    run_id: runId,
    script,
    function: 'charge',
    source_type: 'api',
    source: 'checkout',
  });
const log = (api: Api, records: unknown[]) => api.ingest('POST', '/api/v1/logs', records);
const line = (runId: string, message: string, over: Record<string, unknown> = {}) => ({
  run_id: runId,
  level: 'info',
  message,
  ...over,
});

describe('GET /api/v1/runs/{run_id}/logs/stream', () => {
  it('sends the lines so far, follows the run live, then its late stdout batch and the end', async () => {
    expect((await start('tail-run-1')).status).toBe(201);
    await log(a, [line('tail-run-1', 'one'), line('tail-run-1', 'two')]);
    const stream = openStream(`${a.url}/api/v1/runs/tail-run-1/logs/stream`);
    try {
      await until(() => stream.logs().length === 2, 'the first two lines');
      expect(stream.status()).toBe(200);
      await log(b, [line('tail-run-1', 'three', { level: 'warning' })]);
      await until(() => stream.logs().length === 3, 'a live line');
      // The stdout batch arrives at the end with the earlier times it was printed at.
      const early = new Date(Date.now() - 60_000).toISOString();
      await log(a, [line('tail-run-1', 'printed earlier', { level: 'stdout', timestamp: early })]);
      expect((await a.ingest('POST', '/api/v1/runs/tail-run-1/finish', { status: 'success' })).status).toBe(200);
      await until(() => stream.ended(), 'the end of the stream');
      expect(stream.logs()).toEqual(['one', 'two', 'three', 'printed earlier']);
      expect(stream.events.at(-1)).toMatchObject({ event: 'end', data: { status: 'success' } });
      expect(stream.events.filter((e) => e.event === 'log')[2]!.data).toMatchObject({
        run_id: 'tail-run-1',
        level: 'warning',
        script: 'billing',
      });
      expect(stream.comments.some((c) => c.startsWith(': heartbeat'))).toBe(true);
    } finally {
      await stream.close();
    }
  });

  it('resumes after Last-Event-ID on another instance, without repeating a line', async () => {
    await start('tail-run-2');
    await log(a, [line('tail-run-2', 'l1'), line('tail-run-2', 'l2')]);
    const first = openStream(`${a.url}/api/v1/runs/tail-run-2/logs/stream`);
    await until(() => first.logs().length === 2, 'two lines on instance a');
    await first.close();
    const lastId = first.events.at(-1)!.id!;

    await log(b, [line('tail-run-2', 'l3'), line('tail-run-2', 'l4')]);
    const resumed = openStream(`${b.url}/api/v1/runs/tail-run-2/logs/stream`, { 'last-event-id': lastId });
    const byQuery = openStream(`${b.url}/api/v1/runs/tail-run-2/logs/stream?last_event_id=${lastId}`);
    try {
      await until(() => resumed.logs().length >= 2 && byQuery.logs().length >= 2, 'the resumed lines');
      await a.ingest('POST', '/api/v1/runs/tail-run-2/finish', { status: 'failed', error: 'x' });
      await until(() => resumed.ended() && byQuery.ended(), 'the end');
      expect(resumed.logs()).toEqual(['l3', 'l4']);
      expect(byQuery.logs()).toEqual(['l3', 'l4']);
      expect(resumed.events.at(-1)).toMatchObject({ event: 'end', data: { status: 'failed' } });
    } finally {
      await resumed.close();
      await byQuery.close();
    }
  });

  it('answers 404 for an unknown run, 400 for a foreign event id, 401 without a token', async () => {
    const unknown = openStream(`${a.url}/api/v1/runs/no-such-run/logs/stream`);
    await until(() => unknown.ended(), '404');
    expect(unknown.status()).toBe(404);
    await start('tail-run-3');
    const bad = openStream(`${a.url}/api/v1/runs/tail-run-3/logs/stream`, { 'last-event-id': 'not-ours' });
    await until(() => bad.ended(), '400');
    expect(bad.status()).toBe(400);
    const res = await fetch(`${a.url}/api/v1/runs/tail-run-3/logs/stream`);
    expect(res.status).toBe(401);
    const wrong = await fetch(`${a.url}/api/v1/runs/tail-run-3/logs/stream`, {
      headers: { authorization: `Bearer ${INGEST}` },
    });
    expect(wrong.status).toBe(403);
  });
});

describe('GET /api/v1/logs/stream', () => {
  it('tails the lines of a selection (scripts and filters) from any instance', async () => {
    await start('tail-sel-1', 'billing');
    await start('tail-sel-2', 'shipping');
    const filters = JSON.stringify([{ field: 'level', op: 'is', values: ['error', 'warning'] }]);
    // From now: the default look-back of a few seconds would also hold the earlier tests' lines.
    const from = encodeURIComponent(new Date().toISOString());
    const stream = openStream(
      `${b.url}/api/v1/logs/stream?script=billing&from=${from}&filters=${encodeURIComponent(filters)}`
    );
    try {
      await until(() => stream.status() === 200, 'the stream to open');
      await log(a, [
        line('tail-sel-1', 'billing error', { level: 'error' }),
        line('tail-sel-1', 'billing info'),
        line('tail-sel-2', 'shipping error', { level: 'error' }),
      ]);
      await log(b, [line('tail-sel-1', 'billing warning', { level: 'warning' })]);
      await until(() => stream.logs().length === 2, 'the matching lines');
      // A later line proves nothing else was coming in between.
      await log(a, [line('tail-sel-1', 'billing error 2', { level: 'error' })]);
      await until(() => stream.logs().length === 3, 'the next matching line');
      expect(stream.logs()).toEqual(['billing error', 'billing warning', 'billing error 2']);
    } finally {
      await stream.close();
    }
  });
});
