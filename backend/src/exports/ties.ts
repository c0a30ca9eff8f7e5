import type { estypes } from '@elastic/elasticsearch';
import type { ExportOrder } from './queries';

type Hit = estypes.SearchHit<Record<string, unknown>>;

/** Elasticsearch orders keywords by their UTF-8 bytes; so does this. */
const byBytes = (a: unknown, b: unknown) => Buffer.compare(Buffer.from(String(a ?? '')), Buffer.from(String(b ?? '')));

/**
 * Puts rows that an export's scan read in point-in-time order, because they tie on every sort
 * value, into the order of the id clause the export left out (queries.ts `exportOrder`). Rows
 * come out once the next row's sort values differ, so memory holds one tie group, across page
 * boundaries too.
 */
export class TieOrder {
  /** The rows read last that tie on every sort value: the group not known to be complete yet. */
  private held: Hit[] = [];

  constructor(private readonly tiebreak: ExportOrder['tiebreak']) {}

  /** The rows that are ready once `hits` (the next page) have been read: maybe fewer, maybe more. */
  read(hits: Hit[]): Hit[] {
    if (!this.tiebreak) {
      return hits;
    }
    const ready: Hit[] = [];
    for (const hit of hits) {
      const last = this.held[this.held.length - 1];
      if (last && !tie(last, hit)) {
        this.release(ready);
      }
      this.held.push(hit);
    }
    return ready;
  }

  /** The rows still held: the last tie group. */
  flush(): Hit[] {
    const ready: Hit[] = [];
    this.release(ready);
    return ready;
  }

  private release(into: Hit[]): void {
    if (this.held.length > 1 && this.tiebreak) {
      const { field, order } = this.tiebreak;
      const sign = order === 'asc' ? 1 : -1;
      this.held.sort((a, b) => sign * byBytes(a._source?.[field], b._source?.[field]));
    }
    into.push(...this.held);
    this.held.length = 0;
  }
}

/** Equal on every sort value but the last, the point in time's tiebreaker (the table's values are numbers, strings or null). */
function tie(a: Hit, b: Hit): boolean {
  const x = a.sort ?? [];
  const y = b.sort ?? [];
  for (let i = 0; i < x.length - 1; i++) {
    if (x[i] !== y[i]) {
      return false;
    }
  }
  return x.length === y.length;
}
