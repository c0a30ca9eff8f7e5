import fc from 'fast-check';
import { type Api, INGEST, READ, startApi } from './harness';

/**
 * Property-based fuzzing of every route against the real Elasticsearch: requests that are
 * wrong in one place (a field, a parameter, the body's shape) must be answered 4xx with the
 * path of what was wrong, never 5xx, and must store nothing. FUZZ_RUNS cases per route
 * (default 100; 14 routes); the seed is printed on failure so a case reproduces.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
jest.setTimeout(300_000);

let api: Api;
const now = Date.now();
beforeAll(async () => {
  api = await startApi();
  await api.ingest('POST', '/api/v1/scripts/billing/deployments');
  await api.ingest('POST', '/api/v1/runs', { ...startBody, run_id: 'known-1' });
  await api.ingest('POST', '/api/v1/runs/known-1/finish', { status: 'success', response_time_ms: 12 });
  await api.ingest('POST', '/api/v1/logs', [line]);
});
afterAll(() => api.close());

const startBody = { script: 'billing', function: 'charge', source_type: 'api', source: 'checkout' };
const line = { run_id: 'known-1', level: 'info', message: 'hello' };

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) {
    v = i % 2 ? [v] : { a: v };
  }
  return v;
}

// Values each kind of field must refuse.
const notString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([]));
const badText = fc.oneof(notString, fc.constant(''), fc.string({ minLength: 257, maxLength: 400 }));
const badDate = fc.oneof(
  fc.constantFrom(
    '2026-11-31T10:00:00Z',
    '2026-02-30T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '-000001-01-01T00:00:00Z',
    '1999-12-31T23:59:59Z',
    '9999-01-01T00:00:00Z',
    '2026-01-01T10:00:00',
    '2026-01-01T25:00:00Z',
    '2026-01-01T10:00:00+99:99',
    'yesterday',
    ''
  ),
  fc.constant(new Date(now + 86_400_000).toISOString()),
  fc.constantFrom(1e300, -1, 8.64e15 + 1, true, {}, [])
);
const badQueryDate = fc.oneof(
  fc.constantFrom('2026-11-31T10:00:00Z', '+275760-09-13T00:00:00Z', '2026-01-01T10:00:00', 'soon', '-5', '1e300'),
  fc.stringMatching(/^[a-z]{1,12}$/)
);
const badInt32 = fc.constantFrom(3e9, 0, -5, 1.5, 1e300, -1e300, 'abc', true, {}, []);
const badEnum = fc.oneof(fc.constantFrom('', 'SUCCESS', 'unknown', '__proto__'), fc.integer(), fc.constant(null));
const badJson = fc.integer({ min: 101, max: 3000 }).map(nested);
const badName = fc.constantFrom('-lead', '_x', 'a b', 'x'.repeat(129), 'é', 'a%25b', 'a"b');
// A run id must also not be a name of the runs routes ('stats' is a fine script name).
const badId = fc.oneof(badName, fc.constant('stats'));

type Req = {
  method: string;
  path: string;
  body?: unknown;
  raw?: string;
  token: string;
  headers?: Record<string, string>;
};

/** Valid body with one field replaced by a bad value. */
const mutate = (base: Record<string, unknown>, fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.constantFrom(...Object.keys(fields)).chain((k) => fields[k]!.map((v) => ({ ...base, [k]: v })));

const notObjectBody = fc.constantFrom<unknown>([], 5, 'text', true, null);

const ingestRoutes: Record<string, fc.Arbitrary<Req>> = {
  'POST /api/v1/runs': fc
    .oneof(
      mutate(startBody, {
        script: fc.oneof(badText, badName),
        function: badText,
        source_type: badEnum,
        source: badText,
        executed_on: badDate,
        deployment_version: badInt32,
        input: badJson,
        trace_id: fc.constantFrom('XYZ', 'abc', 5),
        run_id: badId,
      }),
      notObjectBody
    )
    .map((body) => ({ method: 'POST', path: '/api/v1/runs', body, token: INGEST })),
  'POST /api/v1/runs/{id}/finish': fc
    .oneof(
      fc.record({
        id: fc.constantFrom('known-1', 'new-run-1'),
        body: mutate(
          { status: 'success' },
          {
            status: badEnum,
            finished_at: badDate,
            response_time_ms: fc.constantFrom(-1, 1e17, 100_000_000_001, '5', true),
            output: badJson,
            error: fc.oneof(fc.integer(), fc.constant('x'.repeat(10_001))),
          }
        ),
      }),
      fc.record({ id: badId, body: fc.constant({ status: 'success' }) })
    )
    .map(({ id, body }) => ({
      method: 'POST',
      path: `/api/v1/runs/${encodeURIComponent(id)}/finish`,
      body,
      token: INGEST,
    })),
  'POST /api/v1/logs': fc
    .oneof(
      fc
        .tuple(
          fc.array(fc.constant(line), { maxLength: 3 }),
          mutate(line, {
            run_id: fc.oneof(fc.constant(''), fc.constant('x'.repeat(129)), fc.integer(), fc.constant(null)),
            level: fc.oneof(fc.constantFrom('loud', ''), fc.integer()),
            message: fc.oneof(fc.integer(), fc.constant(null), fc.constant({})),
            timestamp: badDate,
            deployment_version: badInt32.filter((v) => v !== true),
            seq: fc.constantFrom(-1, 1.5, 2 ** 60, 'x'),
            attributes: fc.oneof(
              badJson.map((v) => ({ deep: v })),
              fc.constantFrom(5, 'str', [])
            ),
            log_id: fc.constantFrom('', 'a b', 'x'.repeat(129)),
            source_type: fc.constantFrom('cli', 5),
          })
        )
        .map(([good, bad]) => [...good, bad]),
      fc.constantFrom<unknown>([], 5, 'text', null)
    )
    .map((body) => ({ method: 'POST', path: '/api/v1/logs', body, token: INGEST })),
  'POST /api/v1/scripts/{script}/deployments': fc
    .oneof(
      fc.record({ script: badName, body: fc.constant({}) }),
      fc.record({ script: fc.constant('billing2'), body: badDate.map((d) => ({ deployed_at: d })) })
    )
    .map(({ script, body }) => ({
      method: 'POST',
      path: `/api/v1/scripts/${encodeURIComponent(script)}/deployments`,
      body,
      token: INGEST,
    })),
  'DELETE /api/v1/scripts/{script}/deployments/current': fc
    .oneof(
      fc.record({ script: badName, body: fc.constant({}) }),
      fc.record({ script: fc.constant('billing'), body: badDate.map((d) => ({ undeployed_at: d })) })
    )
    .map(({ script, body }) => ({
      method: 'DELETE',
      path: `/api/v1/scripts/${encodeURIComponent(script)}/deployments/current`,
      body,
      token: INGEST,
    })),
};

// Query parameters each kind of read takes, with values it must refuse.
const badFilters = fc.oneof(
  fc.constantFrom('not json', '{}', '[1]', '[{"field":"status"}]'),
  fc
    .record({
      field: fc.constantFrom(
        '__proto__',
        'constructor',
        'toString',
        'input',
        'executed_on',
        'nope',
        'deployment_version'
      ),
      op: fc.constantFrom('is', 'gt', 'between', 'regex'),
      values: fc.constantFrom<unknown[]>([], [3e9], ['x', 'y', 'z'], [{}], [1e300]),
    })
    // Every combination is refused: unknown fields, an unknown op, or values the column cannot take.
    .map((c) => JSON.stringify([c]))
);
const selectionParams: Record<string, fc.Arbitrary<unknown>> = {
  from: badQueryDate,
  to: badQueryDate,
  filters: badFilters,
  match: fc.constantFrom('some', 'ALL', ''),
  q: fc.string({ minLength: 201, maxLength: 300 }),
};
const pageParams = (sorts: string[]): Record<string, fc.Arbitrary<unknown>> => ({
  limit: fc.constantFrom('0', '1001', 'ten', '1.5', '-1'),
  cursor: fc.oneof(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc
      .record({
        sort: fc.constantFrom(...sorts),
        order: fc.constantFrom('asc', 'desc'),
        query: fc.string(),
        after: fc.constantFrom<unknown>([], [{}], 'x', null, [1, 2, 3, 4, 5]),
      })
      .map((b) => Buffer.from(JSON.stringify(b)).toString('base64url'))
  ),
  sort: fc.constantFrom('nope', '__proto__', 'input', ''),
  order: fc.constantFrom('up', 'ASC', ''),
});
const bucketParams: Record<string, fc.Arbitrary<unknown>> = {
  tz: fc.oneof(
    fc.constantFrom('+99:99', '+18:01', 'europe/paris', 'EST', 'Mars/Olympus', '../etc', 'UTC+99', ''),
    fc
      .stringMatching(/^[A-Z][a-z]{2,8}\/[A-Z][a-z]{2,8}$/)
      .filter((s) => !Intl.supportedValuesOf('timeZone').includes(s))
  ),
  interval: fc.constantFrom('0m', '5s', '1w', '99999m', '1m', 'h'),
};

const readRoute = (path: string, params: Record<string, fc.Arbitrary<unknown>>, fixed: Record<string, string> = {}) =>
  fc
    .constantFrom(...Object.keys(params))
    .chain((k) => params[k]!.map((v) => ({ [k]: String(v) })))
    // interval=1m over the default 7 days is too many buckets: a 400 too.
    .map((bad) => ({
      method: 'GET',
      path: `${path}?${new URLSearchParams({ ...fixed, ...bad })}`,
      token: READ,
    }));

// Export routes: a bad selection, a bad id, or no X-Grafana-User (each refused naming the part).
const USER = { 'X-Grafana-User': 'fuzz-user' };
const UNKNOWN_EXPORT = '00000000-0000-4000-8000-000000000000';
const exportRoutes: Record<string, fc.Arbitrary<Req>> = {
  'POST /api/v1/exports': fc
    .oneof(
      mutate(
        { kind: 'runs', script: ['billing'] },
        {
          kind: fc.constantFrom('both', '', 5),
          script: fc.constantFrom<unknown>(5, [5], [{}], null),
          from: badQueryDate,
          filters: fc.constantFrom<unknown>('[]', [{ field: '__proto__', op: 'is', values: ['x'] }], [{}]),
          match: fc.constantFrom('some', ''),
          sort: fc.constantFrom('nope', 'input', '__proto__'),
          order: fc.constantFrom('up', ''),
        }
      ).map((body) => ({ body, headers: USER })),
      fc.constant({ body: { kind: 'runs', script: ['billing'] }, headers: {} })
    )
    .map(({ body, headers }) => ({ method: 'POST', path: '/api/v1/exports', body, headers, token: READ })),
  'GET /api/v1/exports/{id}': fc
    .oneof(
      badName.map((id) => ({ id, headers: USER })),
      fc.constant({ id: UNKNOWN_EXPORT, headers: {} as Record<string, string> })
    )
    .chain(({ id, headers }) =>
      fc.constantFrom('', '/download').map((tail) => ({
        method: 'GET',
        path: `/api/v1/exports/${encodeURIComponent(id)}${tail}`,
        headers,
        token: READ,
      }))
    ),
  'GET /api/v1/runs/{run_id}/logs/stream': fc
    .oneof(
      fc.constantFrom('x', '[]', 'W10', '-1').map((id) => `/api/v1/runs/known-1/logs/stream?last_event_id=${id}`),
      badName.map((id) => `/api/v1/runs/${encodeURIComponent(id)}/logs/stream`)
    )
    .map((path) => ({ method: 'GET', path, token: READ })),
  'GET /api/v1/logs/stream': readRoute('/api/v1/logs/stream', {
    filters: badFilters,
    match: selectionParams.match!,
    q: selectionParams.q!,
    last_event_id: fc.constantFrom('x', '[]', 'W10'),
  }),
};

const RUN_SORTS = ['executed_on', 'run_id', 'status'];
const readRoutes: Record<string, fc.Arbitrary<Req>> = {
  'GET /api/v1/runs': readRoute('/api/v1/runs', { ...selectionParams, ...pageParams(RUN_SORTS) }),
  'GET /api/v1/runs/stats': readRoute('/api/v1/runs/stats', selectionParams),
  'GET /api/v1/runs/timeseries': readRoute('/api/v1/runs/timeseries', { ...selectionParams, ...bucketParams }),
  'GET /api/v1/runs/by-version': readRoute('/api/v1/runs/by-version', selectionParams),
  'GET /api/v1/runs/values': fc.oneof(
    readRoute('/api/v1/runs/values', selectionParams, { field: 'function' }),
    readRoute('/api/v1/runs/values', { field: fc.constantFrom('nope', 'input', '__proto__', '') })
  ),
  'GET /api/v1/runs/{id}': fc.oneof(
    readRoute('/api/v1/runs/known-1', { ...selectionParams, ...pageParams(RUN_SORTS) }),
    badName.map((id) => ({ method: 'GET', path: `/api/v1/runs/${encodeURIComponent(id)}`, token: READ }))
  ),
  'GET /api/v1/logs': readRoute('/api/v1/logs', { ...selectionParams, ...pageParams(['timestamp', 'level']) }),
  'GET /api/v1/logs/timeseries': readRoute('/api/v1/logs/timeseries', { ...selectionParams, ...bucketParams }),
  'GET /api/v1/deployments': readRoute('/api/v1/deployments', { from: badQueryDate, to: badQueryDate }),
};

/** Every index of the test's prefix with its document count. */
async function snapshot() {
  await api.refresh();
  const rows = await api.es.cat.indices({ index: `${api.prefix}-*`, format: 'json', h: ['index', 'docs.count'] });
  return rows.map((r) => `${r.index}=${r['docs.count']}`).sort();
}

let cases = 0;
afterAll(() => {
  process.stdout.write(
    `fuzz: ${cases} generated bad requests over ${Object.keys({ ...ingestRoutes, ...readRoutes, ...exportRoutes }).length} routes\n`
  );
});

describe.each(Object.entries({ ...ingestRoutes, ...readRoutes, ...exportRoutes }))('fuzz %s', (_name, requests) => {
  it(`${RUNS} bad requests: 4xx naming the field, never 5xx, nothing stored`, async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(requests, async (req) => {
        cases++;
        const res = await api.call(req.method, req.path, {
          token: req.token,
          headers: req.headers,
          ...(req.body !== undefined ? { raw: JSON.stringify(req.body) } : {}),
        });
        const detail = res.body?.error?.details?.[0]?.path;
        if (res.status < 400 || res.status >= 500 || !/^(body|query|params|headers)/.test(String(detail))) {
          throw new Error(
            `${req.method} ${req.path} ${JSON.stringify(req.body)?.slice(0, 300)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`
          );
        }
      }),
      { numRuns: RUNS }
    );
    expect(await snapshot()).toEqual(before);
  });
});
