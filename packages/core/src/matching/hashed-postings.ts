/**
 * Postings as two parallel typed arrays, keys (30-bit hashes) and items, sorted by key and read
 * by binary search. Far cheaper to build than a `Map` of hundreds of thousands of string keys;
 * a hash collision only adds a candidate, which the caller checks.
 */

/** Buckets of one radix pass: 15 bits of a key. */
const RADIX = 2 ** 15;

/** Bits of the presence filter of {@link hashedPostings}: 2 MB. */
const PRESENCE_BITS = 2 ** 24;
const PRESENCE_MASK = PRESENCE_BITS - 1;

/** Most items one set of postings holds (companies in an index). */
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
  /** False when no item carries `key` (a bit per key: no search); true means perhaps. */
  mayHold(key: number): boolean;
  /** The bits behind {@link HashedPostings.mayHold}: bit `key & (2^24 - 1)` is set when an item may carry `key`. */
  readonly presence: Uint32Array;
}

/**
 * Builds postings from parallel lists of keys (30 bits) and items: sorted by key with a stable
 * two-pass radix sort (15 bits a pass), several times faster than sorting packed numbers, and
 * items of one key keep the order they were given in.
 */
export function hashedPostings(keyList: ArrayLike<number>, itemList: ArrayLike<number>): HashedPostings {
  const n = keyList.length;
  // Copies: the sort works in place, and the caller keeps its lists.
  let keys = Uint32Array.from(keyList);
  let items = Uint32Array.from(itemList);
  let keysOut = new Uint32Array(n);
  let itemsOut = new Uint32Array(n);
  for (const shift of [0, 15]) {
    const starts = new Uint32Array(RADIX + 1);
    for (let j = 0; j < n; j += 1) {
      const bucket = (((keys[j] as number) >>> shift) & (RADIX - 1)) + 1;
      starts[bucket] = (starts[bucket] as number) + 1;
    }
    for (let bucket = 0; bucket < RADIX; bucket += 1) {
      starts[bucket + 1] = (starts[bucket + 1] as number) + (starts[bucket] as number);
    }
    for (let j = 0; j < n; j += 1) {
      const key = keys[j] as number;
      const bucket = (key >>> shift) & (RADIX - 1);
      const at = starts[bucket] as number;
      starts[bucket] = at + 1;
      keysOut[at] = key;
      itemsOut[at] = items[j] as number;
    }
    [keys, keysOut] = [keysOut, keys];
    [items, itemsOut] = [itemsOut, items];
  }
  // A bit per key (modulo 2^24): most keys asked for are absent, and a bit says so without a search.
  const present = new Uint32Array(PRESENCE_BITS / 32);
  for (let j = 0; j < n; j += 1) {
    const bit = (keys[j] as number) & PRESENCE_MASK;
    present[bit >>> 5] = (present[bit >>> 5] as number) | (1 << (bit & 31));
  }
  const absent = (key: number): boolean => {
    const bit = key & PRESENCE_MASK;
    return ((present[bit >>> 5] as number) & (1 << (bit & 31))) === 0;
  };
  const lowerBound = (key: number): number => {
    let low = 0;
    let high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((keys[middle] as number) < key) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  return {
    presence: present,
    mayHold: (key) => !absent(key),
    count: (key) => (absent(key) ? 0 : lowerBound(key + 1) - lowerBound(key)),
    forEach(key, limit, each) {
      if (absent(key)) return;
      const start = lowerBound(key);
      const end = lowerBound(key + 1);
      if (end - start > limit) return;
      for (let j = start; j < end; j += 1) each(items[j] as number);
    },
  };
}

/** The letters inserted or replaced, as ranges of consecutive codes: a-z, and 0-9 for words with digits. */
const LETTERS: readonly (readonly [number, number])[] = [[97, 122]];
const LETTERS_AND_DIGITS: readonly (readonly [number, number])[] = [
  [97, 122],
  [48, 57],
];
const ALPHABET_SIZE = 36;

/** Which edits {@link oneEditKeys} makes. */
export interface EditKinds {
  /** A letter dropped or inserted, or two neighbours swapped: the typing slips. */
  readonly slips: boolean;
  /** One letter replaced by another. */
  readonly replacements: boolean;
}

let scratch = new Int32Array(1024);
let prefixScratch = new Int32Array(64);
let suffixScratch = new Int32Array(64);
let powerScratch = new Int32Array(64);

/**
 * The keys of every string one edit away from `word` (see {@link EditKinds}), computed from
 * prefix and suffix hashes without building the strings: a constant cost per string. Letters
 * inserted or replaced are a-z, and digits when the word has one. Only keys whose bit is set in
 * `presence` (see {@link HashedPostings.presence}) are kept: most strings one letter away are no
 * word at all. The keys are in the returned array's first `count` places; the array is reused by
 * the next call.
 */
export function oneEditKeys(
  word: string,
  kinds: EditKinds,
  presence: Uint32Array,
): { readonly keys: Int32Array; readonly count: number } {
  const n = word.length;
  const ranges = /\d/.test(word) ? LETTERS_AND_DIGITS : LETTERS;
  const most = (n + 1) * (ALPHABET_SIZE * 2 + 2);
  if (scratch.length < most) scratch = new Int32Array(most);
  const out = scratch;
  // Prefix and suffix hashes and powers of the base, in buffers reused from call to call.
  if (powerScratch.length < n + 2) {
    prefixScratch = new Int32Array((n + 2) * 2);
    suffixScratch = new Int32Array((n + 2) * 2);
    powerScratch = new Int32Array((n + 2) * 2);
  }
  const pre = prefixScratch;
  const suf = suffixScratch;
  const pow = powerScratch;
  pre[0] = 0;
  suf[n] = 0;
  pow[0] = 1;
  for (let i = 0; i < n; i += 1) pre[i + 1] = step(pre[i] as number, word.charCodeAt(i));
  for (let i = 0; i <= n; i += 1) pow[i + 1] = Math.imul(pow[i] as number, BASE);
  for (let i = n - 1; i >= 0; i -= 1) {
    suf[i] = (Math.imul(word.charCodeAt(i), pow[n - 1 - i] as number) + (suf[i + 1] as number)) | 0;
  }
  let count = 0;
  const keep = (key: number): void => {
    const bit = key & PRESENCE_MASK;
    if (((presence[bit >>> 5] as number) & (1 << (bit & 31))) !== 0) out[count++] = key;
  };
  for (let p = 0; p < n; p += 1) {
    const head = pre[p] as number;
    const code = word.charCodeAt(p);
    const tail = suf[p + 1] as number;
    const tailPow = pow[n - p - 1] as number;
    if (kinds.slips) {
      keep(finish((Math.imul(head, tailPow) + tail) | 0)); // p dropped
      if (p + 1 < n) {
        const swapped = step(step(head, word.charCodeAt(p + 1)), code);
        keep(finish((Math.imul(swapped, pow[n - p - 2] as number) + (suf[p + 2] as number)) | 0));
      }
    }
    if (kinds.replacements) {
      // (head * BASE + letter) * tailPow + tail, for each letter: one addition per letter, as the
      // letters' codes are consecutive (a-z, then 0-9).
      const start = (Math.imul(Math.imul(head, BASE), tailPow) + tail) | 0;
      for (const [first, last] of ranges) {
        let key = (start + Math.imul(first, tailPow)) | 0;
        for (let other = first; other <= last; other += 1) {
          if (other !== code) keep(finish(key));
          key = (key + tailPow) | 0;
        }
      }
    }
  }
  if (kinds.slips) {
    for (let p = 0; p <= n; p += 1) {
      const tailPow = pow[n - p] as number;
      const start = (Math.imul(Math.imul(pre[p] as number, BASE), tailPow) + (suf[p] as number)) | 0;
      for (const [first, last] of ranges) {
        let key = (start + Math.imul(first, tailPow)) | 0;
        for (let other = first; other <= last; other += 1) {
          keep(finish(key)); // inserted
          key = (key + tailPow) | 0;
        }
      }
    }
  }
  return { keys: out, count };
}
