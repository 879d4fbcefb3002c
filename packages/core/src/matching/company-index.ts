import type { Company } from '../contracts/company.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import {
  assertAccountName,
  decideMatch,
  type MatchOptions,
  type MatchResult,
  type PreparedCompany,
  prepareCompany,
} from './match-account.js';

/** Companies prepared once for matching many account names (SPEC M4). */
export interface CompanyIndex {
  /** How many companies it holds. */
  readonly size: number;
  /** Matches one account name; the same rules as `matchAccount`. */
  match(accountName: string): MatchResult;
}

/** Words in more companies than this are too common to find candidates by. */
const RARE_WORD = 200;

/** Most companies one index holds: 22 bits of a packed posting. */
const MAX_COMPANIES = 2 ** 22;

/** FNV-1a hash of `text` without the character at `skip` (-1 for none), in 30 bits. */
function hashOf(text: string, skip = -1): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    if (i === skip) continue;
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return hash & 0x3fffffff;
}

/** Hashes of `word` and of each one-letter deletion of it, computed without building the strings. */
function deletionHashes(word: string): number[] {
  const out: number[] = [];
  for (let skip = -1; skip < word.length; skip += 1) out.push(hashOf(word, skip));
  return out;
}

/**
 * Postings as one sorted array of `hash * 2^22 + company` numbers: built once, read by binary
 * search. Far cheaper than a Map of a million keys; a hash collision only adds a candidate,
 * which scoring then rejects.
 */
function packedPostings(pairs: number[]): (hash: number, into: Set<number>, limit: number) => void {
  const sorted = Float64Array.from(pairs).sort();
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
  return (hash, into, limit) => {
    const start = lowerBound(hash * MAX_COMPANIES);
    const end = lowerBound((hash + 1) * MAX_COMPANIES);
    if (end - start > limit) return;
    for (let i = start; i < end; i += 1) into.add((sorted[i] as number) % MAX_COMPANIES);
  };
}

const wordsOf = (normalized: string): string[] => normalized.split(' ');

/**
 * Builds an index over companies for matching many accounts at once (SPEC M4). Candidates come
 * from each name's rarest words, and from one-letter deletions of its rarest word (so a typing
 * slip still finds it): never from comparing every account with every company. Then the rules
 * of `matchAccount` decide.
 *
 * @example
 * ```ts
 * const index = createCompanyIndex(companies);
 * const result = index.match('Globex B.V.'); // { outcome: 'found', company, candidates }
 * ```
 */
export function createCompanyIndex(companies: Iterable<Company>, options: MatchOptions = {}): CompanyIndex {
  const entries: PreparedCompany[] = [];
  for (const company of companies) entries.push(prepareCompany(company));
  if (entries.length > MAX_COMPANIES) {
    throw new PsaBridgeError('VALIDATION', `A company index holds at most ${MAX_COMPANIES} companies`);
  }
  const exact = new Map<string, number[]>();
  const frequency = new Map<string, number>();
  const words = entries.map((entry) => wordsOf(entry.normalized));
  entries.forEach((entry, i) => {
    const list = exact.get(entry.compact);
    if (list) list.push(i);
    else exact.set(entry.compact, [i]);
    for (const word of words[i] ?? []) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  });
  const frequencyOf = (word: string): number => frequency.get(word) ?? 0;
  /** The two rarest words of a name (fewest companies first, then longest), with no sort. */
  const rarestTwo = (list: readonly string[], known: boolean): string[] => {
    let first: string | undefined;
    let second: string | undefined;
    const rarer = (a: string, b: string | undefined): boolean =>
      b === undefined ||
      frequencyOf(a) < frequencyOf(b) ||
      (frequencyOf(a) === frequencyOf(b) && a.length > b.length);
    for (const word of list) {
      if (known ? !frequency.has(word) : frequencyOf(word) > RARE_WORD) continue;
      if (word === first || word === second) continue;
      if (rarer(word, first)) {
        second = first;
        first = word;
      } else if (rarer(word, second)) second = word;
    }
    return [first, second].filter((word): word is string => word !== undefined);
  };
  /** The rarest word of four letters or more, known or not (a typo makes a word unknown). */
  const rarestLong = (list: readonly string[]): string | undefined => {
    let best: string | undefined;
    for (const word of list) {
      if (word.length >= 4 && (best === undefined || frequencyOf(word) < frequencyOf(best))) best = word;
    }
    return best;
  };
  const wordPairs: number[] = [];
  const slipPairs: number[] = [];
  words.forEach((list, i) => {
    for (const word of rarestTwo(list, false)) wordPairs.push(hashOf(word) * MAX_COMPANIES + i);
    const first = rarestLong(list.filter((word) => frequencyOf(word) <= RARE_WORD));
    if (first) for (const hash of deletionHashes(first)) slipPairs.push(hash * MAX_COMPANIES + i);
  });
  const rareWords = packedPostings(wordPairs);
  const slips = packedPostings(slipPairs);

  return {
    size: entries.length,
    match(accountName) {
      assertAccountName(accountName);
      const account = prepareCompany({ id: '', name: accountName });
      const same = exact.get(account.compact);
      if (same)
        return decideMatch(
          accountName,
          same.map((i) => entries[i] as PreparedCompany),
          options,
        );
      const candidates = new Set<number>();
      const list = wordsOf(account.normalized);
      for (const word of rarestTwo(list, true)) rareWords(hashOf(word), candidates, RARE_WORD);
      // A slip in the rarest word: its one-letter deletions meet those of the company's word.
      const rarest = rarestLong(list);
      if (rarest) for (const hash of deletionHashes(rarest)) slips(hash, candidates, RARE_WORD);
      return decideMatch(
        accountName,
        [...candidates].map((i) => entries[i] as PreparedCompany),
        options,
      );
    },
  };
}
