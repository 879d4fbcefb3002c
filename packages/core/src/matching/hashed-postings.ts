/**
 * Postings as one sorted `Float64Array` of `hash * 2^22 + item` numbers: built with one numeric
 * sort, read by binary search. Far cheaper to build than a `Map` of hundreds of thousands of
 * string keys; a hash collision only adds a candidate, which the caller checks.
 */

/** Bits of the presence filter of {@link hashedPostings}: 2 MB. */
const PRESENCE_BITS = 2 ** 24;

/** Most items one set of postings holds: 22 bits of a packed number. */
export const MAX_ITEMS = 2 ** 22;

/** Base of the polynomial hash: odd, so every step is a bijection modulo 2^32. */
const BASE = 0x9e3779b1 | 0;

/**
 * One step of the polynomial hash `H(s) = sum of s[i] * BASE^(n-1-i)` modulo 2^32: unlike FNV,
 * it composes (`H(a + b) = H(a) * BASE^|b| + H(b)`), so the hash of a string one letter away
 * from a word costs a few multiplications instead of hashing it again.
 */
export const step = (hash: number, code: number): number => (Math.imul(hash, BASE) + code) | 0;

/** The 30-bit key of a finished hash. */
export const finish = (hash: number): number => hash & 0x3fffffff;

/** The hash state before any character. */
export const START = 0;

/** The key of a whole string. */
export function keyOf(text: string): number {
  let hash = START;
  for (let i = 0; i < text.length; i += 1) hash = step(hash, text.charCodeAt(i));
  return finish(hash);
}

/** Sorted postings with range lookups. */
export interface HashedPostings {
  /** How many items carry `key`. */
  count(key: number): number;
  /** Calls `each` with every item that carries `key`, unless more than `limit` do. */
  forEach(key: number, limit: number, each: (item: number) => void): void;
}

/** Builds postings from packed `key * MAX_ITEMS + item` numbers (the array is sorted in place). */
export function hashedPostings(packed: Float64Array): HashedPostings {
  const sorted = packed.sort();
  // A bit per key (modulo 2^24): most keys asked for are absent, and a bit says so without a search.
  const present = new Uint32Array(PRESENCE_BITS / 32);
  for (let i = 0; i < sorted.length; i += 1) {
    const bit = Math.floor((sorted[i] as number) / MAX_ITEMS) & (PRESENCE_BITS - 1);
    present[bit >>> 5] = (present[bit >>> 5] as number) | (1 << (bit & 31));
  }
  const absent = (key: number): boolean => {
    const bit = key & (PRESENCE_BITS - 1);
    return ((present[bit >>> 5] as number) & (1 << (bit & 31))) === 0;
  };
  const lowerBound = (value: number): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sorted[middle] as number) < value) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return {
    count: (key) => (absent(key) ? 0 : lowerBound((key + 1) * MAX_ITEMS) - lowerBound(key * MAX_ITEMS)),
    forEach(key, limit, each) {
      if (absent(key)) return;
      const start = lowerBound(key * MAX_ITEMS);
      const end = lowerBound((key + 1) * MAX_ITEMS);
      if (end - start > limit) return;
      for (let i = start; i < end; i += 1) each((sorted[i] as number) % MAX_ITEMS);
    },
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LETTERS_AND_DIGITS = `${LETTERS}0123456789`;

/** Which edits {@link forEachOneEditKey} makes. */
export interface EditKinds {
  /** A letter dropped or inserted, or two neighbours swapped: the typing slips. */
  readonly slips: boolean;
  /** One letter replaced by another. */
  readonly replacements: boolean;
}

/**
 * Calls `each` with the key of every string one edit away from `word` (see {@link EditKinds}),
 * computed from prefix and suffix hashes without building the strings: a constant cost per
 * string. Letters inserted or replaced are a-z, and digits when the word has one.
 */
export function forEachOneEditKey(word: string, kinds: EditKinds, each: (key: number) => void): void {
  const n = word.length;
  const alphabet = /\d/.test(word) ? LETTERS_AND_DIGITS : LETTERS;
  const pre = new Array<number>(n + 1);
  const suf = new Array<number>(n + 1);
  const pow = new Array<number>(n + 2);
  pre[0] = START;
  pow[0] = 1;
  for (let i = 0; i < n; i += 1) pre[i + 1] = step(pre[i] as number, word.charCodeAt(i));
  for (let i = 0; i <= n; i += 1) pow[i + 1] = Math.imul(pow[i] as number, BASE);
  suf[n] = START;
  for (let i = n - 1; i >= 0; i -= 1) {
    suf[i] = (Math.imul(word.charCodeAt(i), pow[n - 1 - i] as number) + (suf[i + 1] as number)) | 0;
  }
  /** H(head) * BASE^tailLength + H(tail). */
  const join = (head: number, tailLength: number, tail: number): number =>
    finish((Math.imul(head, pow[tailLength] as number) + tail) | 0);
  for (let p = 0; p < n; p += 1) {
    const head = pre[p] as number;
    const code = word.charCodeAt(p);
    if (kinds.slips) {
      each(join(head, n - p - 1, suf[p + 1] as number)); // p dropped
      if (p + 1 < n)
        each(join(step(step(head, word.charCodeAt(p + 1)), code), n - p - 2, suf[p + 2] as number));
    }
    if (kinds.replacements) {
      for (let c = 0; c < alphabet.length; c += 1) {
        const other = alphabet.charCodeAt(c);
        if (other !== code) each(join(step(head, other), n - p - 1, suf[p + 1] as number));
      }
    }
  }
  if (!kinds.slips) return;
  for (let p = 0; p <= n; p += 1) {
    const head = pre[p] as number;
    for (let c = 0; c < alphabet.length; c += 1)
      each(join(step(head, alphabet.charCodeAt(c)), n - p, suf[p] as number)); // inserted
  }
}
