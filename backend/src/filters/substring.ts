import type { estypes } from '@elastic/elasticsearch';

/**
 * Case-insensitive substring search without ngram tokenizers (the minimal distribution has
 * no analysis-common): at write time each text value also goes, as `<field>_grams`, into a
 * whitespace-analyzed field holding its lowercase character trigrams in order, each as the hex
 * of its UTF-8 bytes. A needle of 3+ characters is then the phrase of its own trigrams
 * (consecutive trigrams ⇔ a contiguous substring: exact); a shorter one is a prefix of some
 * trigram (the value is padded with two 0xff bytes, which UTF-8 never contains, so its last
 * characters start trigrams too). User text only ever becomes hex: never query syntax.
 */
const PAD = 'ff';
/**
 * The hex of each character's UTF-8 bytes, in order. One encode of the whole text, cut at
 * character starts (a byte that is not 10xxxxxx): per-character encoding made ingest CPU-bound.
 */
function hexCharsOf(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const hex = bytes.toString('hex');
  const chars: string[] = [];
  let start = 0;
  for (let i = 1; i <= bytes.length; i++) {
    if (i === bytes.length || (bytes[i]! & 0xc0) !== 0x80) {
      chars.push(hex.slice(start * 2, i * 2));
      start = i;
    }
  }
  return chars;
}

export const gramsField = (field: string) => `${field}_grams`;

/** The overlapping trigrams of a sequence of hex-encoded characters, in order. */
function trigramsOf(chars: string[]): string {
  const grams: string[] = [];
  for (let i = 0; i + 2 < chars.length; i++) {
    grams.push(chars[i]! + chars[i + 1]! + chars[i + 2]!);
  }
  return grams.join(' ');
}

/** The trigram tokens of a text value, space-separated, or null for no text. */
export function gramsOf(text: string | null | undefined): string | null {
  if (!text) {
    return null;
  }
  const chars = hexCharsOf(text.toLowerCase());
  chars.push(PAD, PAD);
  return trigramsOf(chars);
}

/** The query for `field contains needle`, case-insensitive and exact. */
export function substringQuery(field: string, needle: string): estypes.QueryDslQueryContainer {
  const chars = hexCharsOf(needle.toLowerCase());
  const grams = gramsField(field);
  if (chars.length === 0) {
    return { exists: { field: grams } };
  }
  if (chars.length < 3) {
    return { prefix: { [grams]: { value: chars.join('') } } };
  }
  return { match_phrase: { [grams]: trigramsOf(chars) } };
}

/** The mapping of a `<field>_grams` field: indexed only, never in _source. */
export const gramsMapping: estypes.MappingProperty = { type: 'text', analyzer: 'whitespace', norms: false };
