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
const PAD = 0xff;
/** The two lowercase hex digits of each byte value as ASCII, for one little-endian 16-bit write. */
const HEX_PAIRS = Uint16Array.from({ length: 256 }, (_, b) => {
  const digits = b.toString(16).padStart(2, '0');
  return digits.charCodeAt(0) | (digits.charCodeAt(1) << 8);
});
const isCharStart = (byte: number) => (byte & 0xc0) !== 0x80;

/**
 * Buffers reused from call to call (ingest builds grams for every line, and allocating two
 * buffers per line cost more than filling them); texts too large for them get their own.
 */
const REUSED_BYTES = 64 * 1024;
const inScratch = Buffer.allocUnsafe(REUSED_BYTES);
const outScratch = Buffer.allocUnsafe(REUSED_BYTES * 7);
const outView = new DataView(outScratch.buffer, outScratch.byteOffset, outScratch.byteLength);
const bufferFor = (scratch: Buffer, size: number) => (size <= scratch.length ? scratch : Buffer.allocUnsafe(size));

interface Encoded {
  bytes: Buffer;
  length: number;
  chars: number;
}

/** A text's lowercase UTF-8 bytes (with the padding when asked) and how many characters they hold. */
function encode(text: string, pad: boolean): Encoded {
  const lower = text.toLowerCase();
  const bytes = bufferFor(inScratch, lower.length * 3 + 2);
  // ASCII is copied unit by unit (no call into the encoder); anything else is encoded whole.
  let length = 0;
  while (length < lower.length) {
    const unit = lower.charCodeAt(length);
    if (unit >= 0x80) {
      break;
    }
    bytes[length++] = unit;
  }
  let chars = length;
  if (length < lower.length) {
    length = bytes.write(lower, 0, 'utf8');
    chars = 0;
    for (let i = 0; i < length; i++) {
      if (isCharStart(bytes[i]!)) {
        chars++;
      }
    }
  }
  if (pad) {
    bytes[length++] = PAD;
    bytes[length++] = PAD;
    chars += 2;
  }
  return { bytes, length, chars };
}

/**
 * The overlapping trigrams of the encoded characters, space-separated, each the hex of its
 * bytes: written two hex digits at a time into one buffer (ingest builds this for every line;
 * a string per character and per trigram made it CPU-bound).
 */
function trigramsOf({ bytes, length, chars }: Encoded): string {
  const size = length * 6 + chars;
  const out = bufferFor(outScratch, size);
  const view = out === outScratch ? outView : new DataView(out.buffer, out.byteOffset, size);
  let o = 0;
  if (chars === length) {
    // One byte per character: trigram k is bytes k, k+1 and k+2.
    for (let k = 0; k + 2 < length; k++) {
      view.setUint16(o, HEX_PAIRS[bytes[k]!]!, true);
      view.setUint16(o + 2, HEX_PAIRS[bytes[k + 1]!]!, true);
      view.setUint16(o + 4, HEX_PAIRS[bytes[k + 2]!]!, true);
      out[o + 6] = 0x20;
      o += 7;
    }
    return out.toString('latin1', 0, o - 1);
  }
  // Trigram k runs from the start of character k (from) to the start of character k+3 (to).
  let from = 0;
  let to = 0;
  for (let c = 0; c < 3 && to < length; c++) {
    to = nextCharStart(bytes, length, to);
  }
  for (let k = 0; k + 2 < chars; k++) {
    for (let i = from; i < to; i++) {
      view.setUint16(o, HEX_PAIRS[bytes[i]!]!, true);
      o += 2;
    }
    out[o++] = 0x20;
    from = nextCharStart(bytes, length, from);
    to = nextCharStart(bytes, length, to);
  }
  return out.toString('latin1', 0, o - 1);
}

/** Where the character after the one starting at `i` starts (or the end). */
function nextCharStart(bytes: Buffer, length: number, i: number): number {
  i++;
  while (i < length && !isCharStart(bytes[i]!)) {
    i++;
  }
  return i;
}

export const gramsField = (field: string) => `${field}_grams`;

/** The trigram tokens of a text value, space-separated, or null for no text. */
export function gramsOf(text: string | null | undefined): string | null {
  if (!text) {
    return null;
  }
  return trigramsOf(encode(text, true));
}

/** The query for `field contains needle`, case-insensitive and exact. */
export function substringQuery(field: string, needle: string): estypes.QueryDslQueryContainer {
  const encoded = encode(needle, false);
  const grams = gramsField(field);
  if (encoded.chars === 0) {
    return { exists: { field: grams } };
  }
  if (encoded.chars < 3) {
    return { prefix: { [grams]: { value: encoded.bytes.toString('hex', 0, encoded.length) } } };
  }
  return { match_phrase: { [grams]: trigramsOf(encoded) } };
}

/** The mapping of a `<field>_grams` field: indexed only, never in _source. */
export const gramsMapping: estypes.MappingProperty = { type: 'text', analyzer: 'whitespace', norms: false };
