import type { estypes } from '@elastic/elasticsearch';
import { TieOrder } from './ties';

type Hit = estypes.SearchHit<Record<string, unknown>>;
// A hit as a scan reads it: the table's sort values, then the point in time's tiebreaker.
const hit = (id: string, at: number, doc: number): Hit => ({
  _index: 'i',
  _id: id,
  _source: { run_id: id },
  sort: [at, doc],
});
const ids = (hits: Hit[]) => hits.map((h) => h._id);

describe('TieOrder', () => {
  it('puts rows tying on every sort value into id order, holding a group until it ends', () => {
    const order = new TieOrder({ field: 'run_id', order: 'asc' });
    expect(ids(order.read([hit('y', 3, 0), hit('c', 2, 1), hit('a', 2, 2)]))).toEqual(['y']);
    expect(ids(order.read([hit('b', 2, 3)]))).toEqual([]);
    // A new value ends the group, also when the group crosses from one page to the next.
    expect(ids(order.read([hit('z', 1, 4), hit('x', 0, 5)]))).toEqual(['a', 'b', 'c', 'z']);
    expect(ids(order.flush())).toEqual(['x']);
    expect(order.flush()).toEqual([]);
  });

  it('follows the order of the id clause it stands for', () => {
    const order = new TieOrder({ field: 'run_id', order: 'desc' });
    expect(order.read(['b', 'c', 'a'].map((id, i) => hit(id, 5, i)))).toEqual([]);
    expect(ids(order.flush())).toEqual(['c', 'b', 'a']);
  });

  it('compares ids by their UTF-8 bytes, as Elasticsearch orders keywords', () => {
    // UTF-16 puts U+FF5E after the surrogates of U+1F600; UTF-8 (and Elasticsearch) before.
    const order = new TieOrder({ field: 'run_id', order: 'asc' });
    order.read([hit('\u{1F600}', 1, 0), hit('\uFF5E', 1, 1)]);
    expect(ids(order.flush())).toEqual(['\uFF5E', '\u{1F600}']);
  });

  it('passes rows straight through when the sort column is the id itself', () => {
    const order = new TieOrder(null);
    expect(ids(order.read([hit('b', 1, 0), hit('a', 1, 1)]))).toEqual(['b', 'a']);
    expect(order.flush()).toEqual([]);
  });
});
