import { searchWords } from './searchWords';

test('the search words and the message-contains texts, each once, without empty or $variables', () => {
  expect(
    searchWords('  timeout  card timeout ', [
      { field: 'message', op: 'contains', values: ['card network'] },
      { field: 'run_id', op: 'contains', values: ['r-1'] },
      { field: 'message', op: 'is', values: ['exact'] },
    ])
  ).toEqual(['timeout', 'card', 'card network']);
  expect(searchWords('$search')).toEqual([]);
  expect(searchWords(undefined)).toEqual([]);
});
