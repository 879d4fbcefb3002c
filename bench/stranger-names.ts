import type { Company } from '@psa-bridge/core';
import { seededRandom } from '@psa-bridge/core/testing';

/**
 * A second company-list generator, written apart from `company-names.ts` to have the traits of
 * real MSP lists that one lacks: 80,000 distinct first words; in half the names a second word
 * from the same pool or `&` and a word; one of 15 trade words that thousands of companies share
 * in 60% of them; one of 17 legal forms, sometimes after a comma; "The " in front of 10%.
 * Accounts are those names written another way (upper case, no legal form, "and" for "&", no
 * "The", one accented letter, doubled spaces, or two neighbouring letters swapped in the
 * longest word) and 3,000 names no company has.
 */

const TRADE_WORDS = [
  'Holding',
  'Partners',
  'Systems',
  'IT Services',
  'Installatietechniek',
  'Bouw',
  'Zorg',
  'Group',
  'Logistics',
  'Consultancy',
  'Solutions',
  'Techniek',
  'Accountants',
  'Media',
  'Transport',
];
const LEGAL_FORMS = [
  'B.V.',
  'BV',
  'N.V.',
  'GmbH',
  'KG',
  'Inc',
  'Inc.',
  'LLC',
  'Ltd',
  'Limited',
  'Pty Ltd',
  'S.A.',
  'SARL',
  'Corp.',
  'PLC',
  'AG',
  'Oy',
];
/** Letters with an accented form, for the one-accent variant. */
const ACCENTED: Readonly<Record<string, string>> = { a: 'á', e: 'é', i: 'í', o: 'ö', u: 'ü', n: 'ñ', c: 'ç' };
const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWEL_LETTERS = 'aeiouy';

/** A pronounceable word of 5 to 9 letters, consonant-vowel alternating, capitalised. */
function word(random: () => number): string {
  const length = 5 + Math.floor(random() * 5);
  let out = '';
  for (let i = 0; i < length; i += 1) {
    const from = i % 2 === 0 ? CONSONANTS : VOWEL_LETTERS;
    out += from[Math.floor(random() * from.length)];
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** A word that no pool word can be one edit from: it holds two q's, pool words none. */
function foreignWord(random: () => number): string {
  return `Q${word(random).toLowerCase().slice(0, 4)}q${word(random).toLowerCase().slice(0, 3)}`;
}

/** One generated company: its parts, so accounts can be written from them. */
interface Parts {
  readonly the: boolean;
  readonly first: string;
  readonly second: string;
  readonly ampersand: boolean;
  readonly trade: string;
  readonly legal: string;
  readonly comma: boolean;
}

const join = (parts: Parts, legal = true): string => {
  const core = [parts.first, parts.second ? `${parts.ampersand ? '& ' : ''}${parts.second}` : '', parts.trade]
    .filter(Boolean)
    .join(' ');
  const named = `${parts.the ? 'The ' : ''}${core}`;
  return legal && parts.legal ? `${named}${parts.comma ? ',' : ''} ${parts.legal}` : named;
};

/** What an account should match: a company id, or `none`; `slip` marks a swapped-letters account. */
export interface StrangerLabel {
  readonly name: string;
  readonly expected: string;
  readonly slip: boolean;
}

/** The longest word of a name with two neighbouring letters swapped (not the first letter). */
function swapInLongest(name: string, random: () => number): string {
  const words = name.split(' ');
  let longest = 0;
  words.forEach((w, i) => {
    if (w.length > (words[longest] ?? '').length) longest = i;
  });
  const w = words[longest] ?? '';
  if (w.length < 4) return name;
  const at = 1 + Math.floor(random() * (w.length - 2));
  words[longest] = w.slice(0, at) + (w[at + 1] ?? '') + w[at] + w.slice(at + 2);
  return words.join(' ');
}

/** Companies and labelled accounts; `companies` and `accounts` are sizes, `seed` makes it repeatable. */
export function strangerDataSet(companyCount = 100_600, accountCount = 10_000, seed = 2026) {
  const random = seededRandom(seed);
  const pool: string[] = [];
  const seen = new Set<string>();
  // 80,000 distinct words for the full list; as many in proportion for a smaller one.
  const poolSize = Math.min(80_000, Math.round(companyCount * 0.8));
  while (pool.length < poolSize) {
    const w = word(random);
    if (!seen.has(w.toLowerCase())) {
      seen.add(w.toLowerCase());
      pool.push(w);
    }
  }
  const parts: Parts[] = [];
  const companies: Company[] = [];
  for (let i = 0; i < companyCount; i += 1) {
    // Each pool word starts a name once before any repeats (80,000 distinct first words).
    const first = pool[i % pool.length] as string;
    const two = random() < 0.5;
    const p: Parts = {
      the: random() < 0.1,
      first,
      second: two ? (pool[Math.floor(random() * pool.length)] as string) : '',
      ampersand: two && random() < 0.5,
      trade: random() < 0.6 ? (TRADE_WORDS[Math.floor(random() * TRADE_WORDS.length)] as string) : '',
      legal: LEGAL_FORMS[Math.floor(random() * LEGAL_FORMS.length)] as string,
      comma: random() < 0.3,
    };
    parts.push(p);
    companies.push({ id: String(i + 1), name: join(p) });
  }
  const labels: StrangerLabel[] = [];
  const related = accountCount - Math.min(3_000, Math.round(accountCount * 0.3));
  for (let n = 0; n < related; n += 1) {
    const i = Math.floor(random() * companyCount);
    const p = parts[i] as Parts;
    const kind = Math.floor(random() * 7);
    let name: string;
    if (kind === 0) name = join(p).toUpperCase();
    else if (kind === 1) name = join(p, false);
    else if (kind === 2) name = join({ ...p, ampersand: false, second: p.second ? `and ${p.second}` : '' });
    else if (kind === 3) name = join({ ...p, the: false });
    else if (kind === 4) {
      const plain = join(p);
      const at = [...plain].findIndex((char, k) => k > 0 && ACCENTED[char] !== undefined);
      name = at < 0 ? plain : plain.slice(0, at) + ACCENTED[plain[at] as string] + plain.slice(at + 1);
    } else if (kind === 5) name = join(p).replace(' ', '  ');
    else name = swapInLongest(join(p, random() < 0.5), random);
    labels.push({ name, expected: String(i + 1), slip: kind === 6 });
  }
  const suffixes = ['Group', 'Solutions', 'Services', 'Consulting', 'Holding', 'Systems'];
  for (let n = 0; labels.length < accountCount; n += 1) {
    labels.push({
      name: `${foreignWord(random)} ${suffixes[n % suffixes.length]}`,
      expected: 'none',
      slip: false,
    });
  }
  return { companies, labels };
}
