const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * `text` cut to at most `maxLength` UTF-16 units, only between grapheme clusters: an emoji, a
 * surrogate pair or a letter with its accents is kept whole or dropped whole, never split into
 * an invalid string. Trailing spaces left by the cut are removed. Counting UTF-16 units keeps
 * the result within the limit whether a vendor counts units, code points or characters.
 */
export function clipText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let out = '';
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > maxLength) break;
    out += segment;
  }
  return out.trimEnd();
}
