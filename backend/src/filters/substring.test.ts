import { gramsOf, substringQuery } from './substring';

/**
 * The tokens are what every stored line's `message_grams` (and run's `error_grams`) already
 * holds, so they may never change: checked against their definition, written out plainly —
 * the lowercase text's characters (code points) as the hex of their UTF-8 bytes, two 0xff
 * pads, every three consecutive ones a token.
 */
function defined(text: string): string {
  const chars = [...text.toLowerCase()].map((c) => Buffer.from(c, 'utf8').toString('hex'));
  chars.push('ff', 'ff');
  return chars
    .slice(0, -2)
    .map((_, i) => chars[i]! + chars[i + 1]! + chars[i + 2]!)
    .join(' ');
}

const TEXTS = [
  'x',
  'ok',
  'TimeoutError: upstream took 30s',
  'Grüße aus Köln 日本語テキスト',
  'İstanbul',
  'emoji \u{1f600} and \u{10ffff}',
  'tab\tnew\nline "quoted" \\',
  'Ä'.repeat(2000),
];

describe('gramsOf', () => {
  it.each(TEXTS)('%s', (text) => {
    expect(gramsOf(text)).toBe(defined(text));
  });

  it('is null for no text', () => {
    expect(gramsOf('')).toBeNull();
    expect(gramsOf(null)).toBeNull();
  });
});

describe('substringQuery', () => {
  it('is the phrase of the needle’s own trigrams, a prefix below three characters', () => {
    expect(substringQuery('message', 'Köln')).toEqual({
      match_phrase: { message_grams: defined('Köln').split(' ').slice(0, 2).join(' ') },
    });
    expect(substringQuery('message', 'ü')).toEqual({ prefix: { message_grams: { value: 'c3bc' } } });
    expect(substringQuery('message', '')).toEqual({ exists: { field: 'message_grams' } });
  });
});
