/** In unicode mode a surrogate pair is one code point, so this matches only lone surrogates. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

/**
 * True when `text` is well-formed UTF-16 (no lone surrogate), so it can be URL-encoded and sent.
 * `String.prototype.isWellFormed` does the same from ES2024.
 */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** A lone surrogate (as above), or a C0 control character or DEL. */
const UNSTORABLE = /[\uD800-\uDFFF]|\p{Cc}/gu;

/** True when `text` holds a NUL or another control character, or a lone surrogate. */
export function hasUnstorableText(text: string): boolean {
  UNSTORABLE.lastIndex = 0;
  return UNSTORABLE.test(text);
}

/**
 * `text` with every lone surrogate and control character replaced by U+FFFD: safe to store,
 * log and show, and still recognizable to the person who has to fix the original.
 */
export function toStorableText(text: string): string {
  return text.replace(UNSTORABLE, '\uFFFD');
}
