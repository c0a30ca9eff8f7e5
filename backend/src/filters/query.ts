import type { estypes } from '@elastic/elasticsearch';
import type { Condition, FilterColumn as FieldSpec, Selection } from '@runlens/contract';
import { substringQuery } from './substring';

type Query = estypes.QueryDslQueryContainer;

/** Escapes user text for a `wildcard` query, so `*`, `?` and `\` match themselves. */
export const escapeWildcard = (s: string) => s.replace(/[\\*?]/g, (c) => `\\${c}`);

function textField(field: string, spec: FieldSpec, exact: boolean) {
  return spec.kind === 'text' && exact ? `${field}.raw` : field;
}

function conditionQuery(c: Condition, spec: FieldSpec): Query {
  const values = spec.kind === 'number' ? c.values.map(Number) : c.values.map(String);
  const field = textField(c.field, spec, c.op === 'is' || c.op === 'is_not');
  switch (c.op) {
    case 'is':
      return { terms: { [field]: values } };
    case 'is_not':
      return { bool: { must_not: [{ terms: { [field]: values } }] } };
    case 'contains':
      return containsQuery(c.field, spec, String(values[0]));
    case 'gt':
      return { range: { [field]: { gt: values[0] } } };
    case 'lt':
      return { range: { [field]: { lt: values[0] } } };
    case 'between': {
      const [a, b] = (values as number[]).slice().sort((x, y) => x - y);
      return { range: { [field]: { gte: a, lte: b } } };
    }
  }
}

function containsQuery(field: string, spec: FieldSpec, text: string): Query {
  if (spec.kind === 'text') {
    return substringQuery(field, text);
  }
  return { wildcard: { [field]: { value: `*${escapeWildcard(text)}*`, case_insensitive: true } } };
}

/**
 * The Elasticsearch query for a selection: scripts, time range, filter conditions joined
 * with AND or OR, and free text over the text columns. User text only ever becomes term,
 * wildcard (escaped) or hex trigram (./substring.ts) values: never query syntax.
 */
export function selectionQuery(sel: Selection, fields: Record<string, FieldSpec>, timeField: string): Query {
  const filter: Query[] = [{ range: { [timeField]: { gte: sel.from.toISOString(), lte: sel.to.toISOString() } } }];
  if (sel.scripts.length > 0) {
    filter.push({ terms: { script: sel.scripts } });
  }
  if (sel.conditions.length > 0) {
    const parts = sel.conditions.map((c) => conditionQuery(c, fields[c.field]!));
    filter.push(
      sel.match === 'all' ? { bool: { filter: parts } } : { bool: { should: parts, minimum_should_match: 1 } }
    );
  }
  if (sel.q) {
    const q = sel.q;
    const should = Object.entries(fields)
      .filter(([, spec]) => spec.freeText)
      .map(([field, spec]) => containsQuery(field, spec, q));
    filter.push({ bool: { should, minimum_should_match: 1 } });
  }
  return { bool: { filter } };
}
