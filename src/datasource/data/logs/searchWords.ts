import type { FilterCondition } from '../query/model';

/**
 * The words Explore and the logs panel highlight in the lines (frame meta `searchWords`): the
 * free-text search's words and the texts of "message contains" conditions, as the user typed
 * them. Unresolved $variables are not words.
 */
export function searchWords(q: string | undefined, filters: FilterCondition[] = []): string[] {
  const words = (q ?? '').split(/\s+/);
  const contains = filters.filter((f) => f.field === 'message' && f.op === 'contains').flatMap((f) => f.values);
  const all = [...words, ...contains].map((w) => w.trim()).filter((w) => w && !w.startsWith('$'));
  return [...new Set(all)];
}
