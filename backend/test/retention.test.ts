import { chunkNames, dropExpiredIndices, indicesFor, runLocationMappings } from '../src/es/indices';
import { type Api, startApi } from './harness';

/** Retention against the real Elasticsearch: many indices at once, exact names only, any year width. */
describe('retention', () => {
  let api: Api;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  const names = async (pattern: string) =>
    (await api.es.cat.indices({ index: pattern, format: 'json', h: ['index'] })).map((r) => r.index!).sort();

  it('drops more indices than one request line can name, in chunks under 4 KB', async () => {
    // Long names (a long prefix) put 30 indices far over Elasticsearch's 4 KB request line.
    const indices = indicesFor(`${api.prefix}-${'x'.repeat(150)}`);
    const expired = Array.from({ length: 30 }, (_, i) => indices.logsIndex(new Date(Date.UTC(2026, 0, 1 + i))));
    expect(expired.join(',').length).toBeGreaterThan(4096);
    for (const index of expired) {
      await api.es.indices.create({ index, settings: { number_of_replicas: 0 } });
    }
    const kept = indices.logsIndex(new Date('2026-06-14T00:00:00Z'));
    await api.es.indices.create({ index: kept, settings: { number_of_replicas: 0 } });

    const dropped = await dropExpiredIndices(api.es, indices, 30, new Date('2026-06-15T12:00:00Z'));
    expect(dropped.sort()).toEqual(expired.sort());
    expect(await names(indices.logsPattern)).toEqual([kept]);
    expect(chunkNames(expired).every((chunk) => chunk.join(',').length < 4096)).toBe(true);
  });

  it('drops only names RunLens gives, whatever the width of the year, and forgets where their runs lived', async () => {
    const prefix = `${api.prefix}-own`;
    const indices = indicesFor(prefix);
    const ours = [`${prefix}-runs-999.01`, `${prefix}-runs-12.03`, `${prefix}-logs-7.01.02`, `${prefix}-runs-2020.01`];
    const lookAlikes = [
      `${prefix}-runs-backup-2020.01`,
      `${prefix}-runs-2020.01-copy`,
      `${prefix}-logs-2020.01`,
      `${prefix}-logs-old-2020.01.01`,
    ];
    for (const index of [...ours, ...lookAlikes]) {
      await api.es.indices.create({ index, settings: { number_of_replicas: 0 } });
    }
    await api.es.indices.create({ index: indices.runLocations, mappings: runLocationMappings });
    await api.es.index({
      index: indices.runLocations,
      id: 'gone',
      document: { index: ours[3], claimed_at: '2020-01-05T00:00:00Z' },
    });
    await api.es.index({
      index: indices.runLocations,
      id: 'kept',
      document: { index: 'elsewhere', claimed_at: '2026-06-01T00:00:00Z' },
    });
    await api.es.indices.refresh({ index: indices.runLocations });

    const dropped = await dropExpiredIndices(api.es, indices, 30, new Date('2026-06-15T12:00:00Z'));
    expect(dropped.sort()).toEqual(ours.sort());
    expect(await names(`${prefix}-run*,${prefix}-logs*`)).toEqual([...lookAlikes, indices.runLocations].sort());
    const places = await api.es.mget({ index: indices.runLocations, ids: ['gone', 'kept'] });
    expect(places.docs.map((d) => 'found' in d && d.found)).toEqual([false, true]);
  });
});
