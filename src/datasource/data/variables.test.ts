import { findVariableValues, parseVariableQuery } from './variables';
import type { RunLensApi } from './api';

describe('variable queries', () => {
  it('reads the query model object and a hand-typed kind', () => {
    expect(parseVariableQuery({ kind: 'functions', scripts: ['$script'] })).toMatchObject({
      kind: 'functions',
      scripts: ['$script'],
    });
    expect(parseVariableQuery('versions')).toEqual({ kind: 'versions' });
    expect(parseVariableQuery('')).toEqual({ kind: 'scripts' });
  });

  it('says which kinds exist when given another', async () => {
    const api = { get: jest.fn() } as unknown as RunLensApi;
    await expect(findVariableValues(api, { kind: 'colours' as never }, [])).rejects.toThrow(
      'Unknown variable kind "colours": use scripts, functions, sources or versions.'
    );
  });
});
