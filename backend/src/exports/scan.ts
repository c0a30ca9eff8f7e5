import type { Client, estypes } from '@elastic/elasticsearch';
import { search } from '../es/reads';
import type { ExportKind } from './columns';
import { type ExportOrder, pageRequest } from './queries';
import { groupQuery, type ScanGroup } from './scanPlan';

export type Hit = estypes.SearchHit<Record<string, unknown>>;

export interface Scan {
  kind: ExportKind;
  pitId: string;
  query: estypes.QueryDslQueryContainer;
  order: ExportOrder;
  /** The indices to read in turn (scanPlan.ts). */
  groups: ScanGroup[];
}

/**
 * The pages of an export's rows: each group of indices read through the point in time with
 * `search_after`, one group after another. Each page says whether it is the last, and the
 * point in time's id as Elasticsearch last returned it (to keep it alive and close it).
 */
export async function* scanPages(
  es: Client,
  scan: Scan,
  pageSize: number
): AsyncGenerator<{ hits: Hit[]; last: boolean; pitId: string }> {
  let pitId = scan.pitId;
  for (const [i, group] of scan.groups.entries()) {
    const lastGroup = i === scan.groups.length - 1;
    let after: estypes.SortResults | undefined;
    for (;;) {
      // Through reads.ts like every read: a shard that fails fails the export, never a file with rows missing.
      const res = await search<Record<string, unknown>>(
        es,
        pageRequest(pitId, groupQuery(scan.query, group), scan.order.sort, pageSize, after)
      );
      pitId = res.pit_id ?? pitId;
      const hits = res.hits.hits;
      const groupRead = hits.length < pageSize;
      if (hits.length > 0 || (groupRead && lastGroup)) {
        yield { hits, last: groupRead && lastGroup, pitId };
      }
      if (groupRead) {
        break;
      }
      after = hits[hits.length - 1]!.sort;
    }
  }
  if (scan.groups.length === 0) {
    yield { hits: [], last: true, pitId };
  }
}
