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
  private group: Hit[] = [];
  private key: string | null = null;

  constructor(private readonly tiebreak: ExportOrder['tiebreak']) {}

  /** The rows that are ready once `hit` has been read (maybe none). */
  push(hit: Hit): Hit[] {
    if (!this.tiebreak) {
      return [hit];
    }
    // The last sort value is the point in time's tiebreaker: the rest are the table's.
    const key = JSON.stringify(hit.sort?.slice(0, -1) ?? null);
    if (key === this.key) {
      this.group.push(hit);
      return [];
    }
    const ready = this.flush();
    this.group = [hit];
    this.key = key;
    return ready;
  }

  /** The rows still held: the last tie group. */
  flush(): Hit[] {
    const group = this.group;
    this.group = [];
    this.key = null;
    if (group.length > 1 && this.tiebreak) {
      const { field, order } = this.tiebreak;
      const sign = order === 'asc' ? 1 : -1;
      group.sort((a, b) => sign * byBytes(a._source?.[field], b._source?.[field]));
    }
    return group;
  }
}
