import type { estypes } from '@elastic/elasticsearch';
import type { ExportKind } from './columns';
import type { Sort } from './queries';

/**
 * Which indices an export reads, in what turn. Runs go to monthly and logs to daily indices by
 * their time, so an export sorted by that time can read one index after another instead of
 * all at once: a page searched over every index makes each of them collect a page of
 * candidates that all but one throw away (about ten times the query work per page of a
 * month of daily log indices, measured here). Indices whose time spans overlap (a run placed
 * by its first event, a month before its start) are read together, so the order stays exact.
 */

/** The field each kind's indices are named by. */
export const TIME_FIELD: Record<ExportKind, string> = { runs: 'executed_on', logs: 'timestamp' };

/** Indices read together; null: every index of the point in time (no index filter). */
export type ScanGroup = string[] | null;

/** Aggregations to send with the count: each index's earliest and latest time in the selection. */
export function indexSpansAggs(kind: ExportKind, sort: Sort): Record<string, estypes.AggregationsAggregationContainer> {
  if (sort.sort !== TIME_FIELD[kind]) {
    return {};
  }
  const field = TIME_FIELD[kind];
  return {
    index_spans: {
      terms: { field: '_index', size: 10_000 },
      aggs: { earliest: { min: { field } }, latest: { max: { field } } },
    },
  };
}

interface SpanBucket {
  key: string;
  earliest: { value: number | null };
  latest: { value: number | null };
}

/**
 * The groups to read in turn: indices ordered by their span in the sort's direction, an index
 * joining the group before when their spans overlap. Equal times at a boundary are fine: the
 * tie reaches from the end of one read into the start of the next, where the writer orders it.
 */
export function scanGroups(aggregations: unknown, order: Sort['order']): ScanGroup[] {
  const buckets = (aggregations as { index_spans?: { buckets: SpanBucket[] } } | undefined)?.index_spans?.buckets;
  if (!buckets) {
    return [null];
  }
  const spans = buckets
    .filter((b) => b.earliest.value !== null && b.latest.value !== null)
    .map((b) => ({ index: b.key, from: b.earliest.value!, to: b.latest.value! }));
  const desc = order === 'desc';
  spans.sort((a, b) => (desc ? b.to - a.to : a.from - b.from));
  const groups: Array<{ indices: string[]; from: number; to: number }> = [];
  for (const span of spans) {
    const last = groups[groups.length - 1];
    const overlaps = last && (desc ? span.to > last.from : span.from < last.to);
    if (last && overlaps) {
      last.indices.push(span.index);
      last.from = Math.min(last.from, span.from);
      last.to = Math.max(last.to, span.to);
    } else {
      groups.push({ indices: [span.index], from: span.from, to: span.to });
    }
  }
  return groups.map((g) => g.indices);
}

/** The selection's query narrowed to one group of indices. */
export function groupQuery(query: estypes.QueryDslQueryContainer, group: ScanGroup): estypes.QueryDslQueryContainer {
  return group ? { bool: { filter: [query, { terms: { _index: group } }] } } : query;
}
