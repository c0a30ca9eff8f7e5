import type { BucketedQuery, PagedQuery, SortOrder, SortedQuery } from './model';

/**
 * Readers of a stored query's fields: dashboards hold JSON written by hand, by older versions or by
 * other tools, so each field is checked and anything unusable read as unset.
 */
export type Stored = Record<string, unknown>;

export const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

export const int = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
};

export const texts = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.flatMap((x) => text(x) ?? []) : typeof v === 'string' && v !== '' ? [v] : undefined;

const order = (v: unknown): SortOrder | undefined => (v === 'asc' || v === 'desc' ? v : undefined);

export const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/**
 * Only the keys that are set. A type's `migrate` gives `undefined` for a field it cannot use, which
 * overrides the stored value; migrateQuery then drops such keys.
 */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export const storedSort = (s: Stored): SortedQuery => ({ sort: text(s.sort), order: order(s.order) });

export const storedPage = (s: Stored): PagedQuery => ({
  ...storedSort(s),
  limit: int(s.limit),
  maxRows: int(s.maxRows),
});

export const storedBuckets = (s: Stored): BucketedQuery => ({ interval: text(s.interval) });
