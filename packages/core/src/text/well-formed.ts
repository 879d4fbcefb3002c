/** In unicode mode a surrogate pair is one code point, so this matches only lone surrogates. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * True when `text` is well-formed UTF-16 (no lone surrogate), so it can be URL-encoded and sent.
 * `String.prototype.isWellFormed` does the same from ES2024.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
