import type { Company } from '../contracts/company.js';
import { PsaBridgeError } from '../errors/psa-bridge-error.js';
import { withDomainEvidence } from './domain-evidence.js';
import {
  type EditKinds,
  finish,
  hashedPostings,
  keyOf,
  MAX_ITEMS,
  oneEditKeys,
  START,
  step,
} from './hashed-postings.js';
import {
  assertAccountName,
  decideMatch,
  holdsEveryWord,
  type MatchOptions,
  type PreparedCompany,
  sameNameReason,
  sameNameResult,
} from './match-account.js';
import type { MatchCandidate, MatchResult } from './match-result.js';
import { normalizeCompanyName } from './normalize-company-name.js';
import { digitsOf } from './similarity.js';

/** Companies prepared once for matching many account names (SPEC M4). */
export interface CompanyIndex {
  /** How many companies it holds. */
  readonly size: number;
  /**
   * Matches one account name; the same rules as `matchAccount`. `domains` are the account's web
   * or email domains, used as evidence (SPEC M5).
   */
  match(accountName: string, domains?: readonly string[]): MatchResult;
}

/** Words in more companies than this are too common to find fuzzy candidates by. */
const RARE_WORD = 200;

/** Most companies read to find those that hold every word of an account name. */
const CONTAINMENT_SCAN = 2_000;

const SPACE = 32;
const SLIPS: EditKinds = { slips: true, replacements: false };
const REPLACEMENTS: EditKinds = { slips: false, replacements: true };

/**
 * Builds an index over companies for matching many accounts at once (SPEC M4). Building costs
 * little more than normalizing every name: one pass hashes each normalized name (without its
 * spaces) and each of its words, and two numeric sorts make them searchable. Candidates of a
 * name come from its words (the rarest ones for near names, all companies holding every word
 * for names that contain the account's) and from the strings one letter away from its rarest
 * long word: never from comparing every account with every company. Then the rules of
 * `matchAccount` decide; a hash collision only adds a candidate they reject.
 *
 * @example
 * ```ts
 * const index = createCompanyIndex(companies);
 * const result = index.match('Globex B.V.'); // { outcome: 'found', company, candidates, confidence }
 * ```
 */
export function createCompanyIndex(companies: Iterable<Company>, options: MatchOptions = {}): CompanyIndex {
  const list: Company[] = [];
  const normalized: string[] = [];
  // Keys go straight into typed arrays, grown by doubling: far cheaper than arrays of numbers.
  let names = new Uint32Array(1024);
  let words = new Uint32Array(4096);
  let holders = new Uint32Array(4096);
  let wordCount = 0;
  const grow = (array: Uint32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> => {
    const grown = new Uint32Array(array.length * 2);
    grown.set(array);
    return grown;
  };
  for (const company of companies) {
    const i = list.length;
    if (i >= MAX_ITEMS) {
      throw new PsaBridgeError('VALIDATION', `A company index holds at most ${MAX_ITEMS} companies`);
    }
    const name = normalizeCompanyName(company.name);
    list.push(company);
    normalized.push(name);
    let whole = START;
    let word = START;
    let length = 0;
    for (let k = 0; k <= name.length; k += 1) {
      const code = k < name.length ? name.charCodeAt(k) : SPACE;
      if (code === SPACE) {
        if (length > 0) {
          if (wordCount === words.length) {
            words = grow(words);
            holders = grow(holders);
          }
          words[wordCount] = finish(word);
          holders[wordCount] = i;
          wordCount += 1;
        }
        word = START;
        length = 0;
        continue;
      }
      whole = step(whole, code);
      word = step(word, code);
      length += 1;
    }
    if (i === names.length) names = grow(names);
    names[i] = finish(whole);
  }
  // Names are in company order: company i has name key i.
  const identity = new Uint32Array(list.length);
  for (let i = 0; i < identity.length; i += 1) identity[i] = i;
  const exact = hashedPostings(names.subarray(0, list.length), identity);
  const postings = hashedPostings(words.subarray(0, wordCount), holders.subarray(0, wordCount));

  /** Per company, the number of the last match call that made it a candidate. */
  const seen = new Uint32Array(list.length);
  let stamp = 0;
  let order = new Int32Array(64);

  // Prepared on first use and kept: a company is a candidate of many accounts (its words are).
  const preparedCache: (PreparedCompany | undefined)[] = new Array(list.length);
  const prepared = (i: number): PreparedCompany => {
    let ready = preparedCache[i];
    if (ready === undefined) {
      const name = normalized[i] as string;
      ready = {
        company: list[i] as Company,
        normalized: name,
        compact: name.replaceAll(' ', ''),
        digits: /\d/.test(name) ? digitsOf(name) : '',
      };
      preparedCache[i] = ready;
    }
    return ready;
  };

  return {
    size: list.length,
    match(accountName, domains = []) {
      assertAccountName(accountName);
      const name = normalizeCompanyName(accountName);
      const parts = name === '' ? [] : name.split(' ');
      const compact = parts.join('');
      // The same name: decided without scoring anything (rule 1 of decideMatch).
      const same: MatchCandidate[] = [];
      if (compact !== '') {
        exact.forEach(keyOf(compact), Number.POSITIVE_INFINITY, (i) => {
          const other = normalized[i] as string;
          if (other === name || other.replaceAll(' ', '') === compact) {
            same.push({ company: list[i] as Company, score: 1, reason: sameNameReason(name, other) });
          }
        });
      }
      const sameName = sameNameResult(same);
      if (sameName) return withDomainEvidence(sameName, domains);
      const account: PreparedCompany = {
        company: { id: '', name: accountName },
        normalized: name,
        compact,
        digits: /\d/.test(name) ? digitsOf(name) : '',
      };
      // Candidates in the order found, each once: a stamp per company says whether this call has it.
      stamp += 1;
      if (stamp === 0xffffffff) {
        seen.fill(0);
        stamp = 1;
      }
      let found = 0;
      const add = (i: number): void => {
        if (seen[i] === stamp) return;
        seen[i] = stamp;
        if (found === order.length) {
          const grown = new Int32Array(order.length * 2);
          grown.set(order);
          order = grown;
        }
        order[found++] = i;
      };
      const decide = (): MatchResult => {
        const candidates: PreparedCompany[] = [];
        for (let k = 0; k < found; k += 1) candidates.push(prepared(order[k] as number));
        return withDomainEvidence(decideMatch(accountName, candidates, options, account), domains);
      };
      if (parts.length === 0) return decide();
      const keys = parts.map(keyOf);
      const counts = keys.map((key) => postings.count(key));
      const byRarity = parts.map((_, k) => k).sort((a, b) => (counts[a] as number) - (counts[b] as number));
      // Companies whose name holds every word: read the holders of the rarest word.
      const rarest = byRarity[0] as number;
      if ((counts[rarest] as number) > 0) {
        let scanned = 0;
        postings.forEach(keys[rarest] as number, Number.POSITIVE_INFINITY, (i) => {
          if (scanned++ < CONTAINMENT_SCAN && holdsEveryWord(normalized[i] as string, parts)) add(i);
        });
      }
      // Near names: companies holding one of the two rarest known words.
      for (const k of byRarity.filter((k) => (counts[k] as number) > 0).slice(0, 2)) {
        postings.forEach(keys[k] as number, RARE_WORD, add);
      }
      // A slip in the rarest long word: companies holding a word one letter away from it.
      const long = byRarity.find((k) => (parts[k] as string).length >= 4);
      if (long !== undefined) {
        const word = parts[long] as string;
        const before = found;
        const visit = (kinds: EditKinds): void => {
          const { keys, count } = oneEditKeys(word, kinds, postings.presence);
          for (let k = 0; k < count; k += 1) postings.forEach(keys[k] as number, RARE_WORD, add);
        };
        visit(SLIPS);
        // Names one replaced letter away matter only beside a slip: two near names are `multiple`.
        if (found > before) visit(REPLACEMENTS);
      }
      return decide();
    },
  };
}
