import { routes } from '../api';
import { fieldsFor, isLogQuery, QUERY_TYPES, queryTypeOf } from './registry';
import { params } from '../../test/requests';

describe('query type registry', () => {
  it('has one entry per query type, each named, described and filtering known columns', () => {
    const types = QUERY_TYPES.map((t) => t.type);
    expect(new Set(types).size).toBe(types.length);
    for (const t of QUERY_TYPES) {
      expect(t.label).toEqual(expect.any(String));
      expect(t.description).toEqual(expect.any(String));
      expect(['runs', 'logs', 'none']).toContain(t.columns);
      // Each type answers through one request (frame) or through its own steps (frames).
      expect(Boolean(t.frame) || Boolean(t.frames)).toBe(true);
      expect(queryTypeOf(t.type)).toBe(t);
    }
  });

  it('offers the editor the seven query types in order; deployment markers are annotations only', () => {
    expect(QUERY_TYPES.filter((t) => t.inPicker).map((t) => t.label)).toEqual([
      'Runs',
      'Stats',
      'Time series',
      'By version',
      'Logs',
      'Log volume',
      'Record',
    ]);
    expect(queryTypeOf('deployments').inPicker).toBe(false);
  });

  it('builds every request from the client’s route table (no path written twice)', () => {
    const known = Object.entries(routes).map(([name, route]) =>
      name === 'record' ? routes.record('r-1').path : (route as () => { path: string })().path
    );
    for (const t of QUERY_TYPES) {
      const { path } = params({ queryType: t.type, runId: 'r-1' });
      expect(known).toContain(path);
    }
  });

  it('knows no other type', () => {
    expect(queryTypeOf('traces')).toBeUndefined();
    expect(queryTypeOf(undefined)).toBeUndefined();
  });

  it('gives a type the filter columns of its entry', () => {
    expect(fieldsFor('logVolume')).toBe(fieldsFor('logs'));
    expect(fieldsFor('record')).toBe(fieldsFor('runs'));
    expect(isLogQuery('logs')).toBe(true);
    expect(isLogQuery('deployments')).toBe(false);
  });
});
