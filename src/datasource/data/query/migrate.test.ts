import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeTemplateSrv } from '../../test/fakeTemplateSrv';
import { resolveQuery } from '../interpolate';
import { buildRequest, QUERY_TYPES } from '../queryTypes/registry';
import { migrateQuery, type StoredQuery } from './migrate';

type Json = Record<string, any>;

const DASHBOARDS = join(__dirname, '../../../../dashboards');
const RUNLENS = 'runlens-scripts-datasource';

/** Every RunLens query the provisioned dashboards store: panel targets and annotation targets. */
function storedQueries(): Array<{ where: string; query: StoredQuery }> {
  const out: Array<{ where: string; query: StoredQuery }> = [];
  for (const file of readdirSync(DASHBOARDS).filter((f) => f.endsWith('.json'))) {
    const board: Json = JSON.parse(readFileSync(join(DASHBOARDS, file), 'utf8'));
    const panels = (list: Json[] = []): Json[] => list.flatMap((p) => [p, ...panels(p.panels)]);
    for (const panel of panels(board.panels)) {
      for (const target of panel.targets ?? []) {
        if (target.datasource?.type === RUNLENS) {
          out.push({ where: `${file} panel "${panel.title}"`, query: target });
        }
      }
    }
    for (const a of board.annotations?.list ?? []) {
      if (a.datasource?.type === RUNLENS && a.target) {
        out.push({ where: `${file} annotation "${a.name}"`, query: a.target });
      }
    }
  }
  return out;
}

/** The dashboards' variables with a value each (multi-values for the multi-select ones). */
const templateSrv = fakeTemplateSrv({
  script: ['Qbalance', 'order-sync'],
  function: 'main',
  source: 'api-gateway',
  version: '2',
  level: ['stderr', 'error'],
  search: 'timeout',
  run_id: 'run-42',
});
const range = { from: Date.UTC(2026, 10, 19), to: Date.UTC(2026, 10, 26) };

const PATHS: Record<string, RegExp> = {
  runs: /^\/api\/v1\/runs$/,
  stats: /^\/api\/v1\/runs\/stats$/,
  timeseries: /^\/api\/v1\/runs\/timeseries$/,
  byVersion: /^\/api\/v1\/runs\/by-version$/,
  logs: /^\/api\/v1\/logs$/,
  logVolume: /^\/api\/v1\/logs\/timeseries$/,
  record: /^\/api\/v1\/runs\/run-42$/,
  deployments: /^\/api\/v1\/deployments$/,
};

describe('migrateQuery: the queries the provisioned dashboards store', () => {
  const stored = storedQueries();

  it('finds the dashboards’ queries, of the eight query types they use, none unknown', () => {
    expect(stored.length).toBeGreaterThanOrEqual(12);
    const types = new Set(stored.map((s) => s.query.queryType));
    expect(types.size).toBe(8);
    // A new query type need not be on a dashboard; a stored one must be a known one.
    expect(QUERY_TYPES.map((t) => t.type)).toEqual(expect.arrayContaining([...types]));
  });

  it.each(stored.map((s) => [s.where, s.query] as const))(
    '%s: reads as it is stored (already in the model)',
    (_, query) => {
      expect(migrateQuery(query)).toEqual(query);
    }
  );

  it.each(stored.map((s) => [s.where, s.query] as const))('%s: builds its request', (_, query) => {
    const resolved = resolveQuery(templateSrv, query, {});
    const request = buildRequest(resolved, range);
    expect(request.path).toMatch(PATHS[resolved.queryType]);
    expect(request.params.getAll('script')).toEqual(['Qbalance', 'order-sync']);
    expect(request.params.get('from')).toBe(String(range.from));
    expect(request.params.get('to')).toBe(String(range.to));
    // Every filter the dashboard sets is sent, its variables applied (deployment markers take none).
    const filters = JSON.parse(request.params.get('filters') ?? '[]');
    expect(filters).toHaveLength(
      resolved.queryType === 'deployments' ? 0 : ((query.filters as unknown[]) ?? []).length
    );
    expect(JSON.stringify(filters)).not.toContain('$');
    expect(request.params.get('q') ?? '').not.toContain('$');
  });
});

describe('migrateQuery: older and hand-written queries', () => {
  it('reads a query without a type as runs (the first query type)', () => {
    expect(migrateQuery({ refId: 'A', scripts: ['billing'] })).toEqual({
      refId: 'A',
      queryType: 'runs',
      scripts: ['billing'],
    });
  });

  it('reads one script as a list, filter values as text, numbers given as text as numbers', () => {
    expect(
      migrateQuery({
        refId: 'A',
        queryType: 'runs',
        scripts: 'billing',
        filters: [
          { field: 'deployment_version', op: 'is', values: [2, 3] },
          { field: 'source', op: 'is', values: 'cron' },
        ],
        limit: '50',
        maxRows: 'lots',
        order: 'sideways',
      })
    ).toEqual({
      refId: 'A',
      queryType: 'runs',
      scripts: ['billing'],
      filters: [
        { field: 'deployment_version', op: 'is', values: ['2', '3'] },
        { field: 'source', op: 'is', values: ['cron'] },
      ],
      limit: 50,
    });
  });

  it('keeps what it does not check: Grafana’s keys, and other types’ fields for switching back', () => {
    const stored = {
      refId: 'A',
      queryType: 'stats',
      hide: true,
      datasource: { type: RUNLENS, uid: 'x' },
      runId: 'r-1',
      interval: '5m',
    };
    expect(migrateQuery(stored)).toEqual(stored);
  });

  it('drops what a type cannot use instead of sending it', () => {
    expect(migrateQuery({ refId: 'A', queryType: 'deployments', markers: 'all of them' })).toEqual({
      refId: 'A',
      queryType: 'deployments',
    });
    expect(migrateQuery({ refId: 'A', queryType: 'logs', countOnly: 'yes', match: 'some' })).toEqual({
      refId: 'A',
      queryType: 'logs',
    });
  });

  it('is idempotent', () => {
    const once = migrateQuery({
      refId: 'A',
      scripts: 'billing',
      filters: [{ field: 'status', op: 'is', values: 'failed' }],
    });
    expect(migrateQuery(once)).toEqual(once);
  });

  it('keeps a query type it does not know, which then answers with an error naming it', () => {
    expect(migrateQuery({ refId: 'A', queryType: 'traces' })).toEqual({ refId: 'A', queryType: 'traces' });
    expect(() => resolveQuery(templateSrv, { refId: 'A', queryType: 'traces' }, {})).toThrow(
      'Unknown query type "traces"'
    );
  });
});
