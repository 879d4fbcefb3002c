import type { Company } from '@psa-bridge/core';
import { seededRandom } from '@psa-bridge/core/testing';

/**
 * A third company-list generator, harder than the first two, after the traits of a list made
 * outside the team: trade words in 85% of names drawn from 30, 40 legal forms across countries,
 * accented letters in a third of the companies' own names, and accounts with one-letter slips
 * anywhere (a letter changed, dropped or doubled, in any word of at least five letters) in 40%
 * of them; the absent names are made of the same pool words, so they share words with real
 * companies and every one of them sends the matcher looking for typos.
 */

const TRADE = [
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
  'Advocaten',
  'Notarissen',
  'Tandartsen',
  'Elektro',
  'Schilders',
  'Dakwerken',
  'Makelaars',
  'Engineering',
  'Software',
  'Automatisering',
  'Beveiliging',
  'Catering',
  'Schoonmaak',
  'Verhuur',
  'Design',
];
const LEGAL = [
  'B.V.',
  'BV',
  'N.V.',
  'NV',
  'V.O.F.',
  'VOF',
  'C.V.',
  'GmbH',
  'GmbH & Co. KG',
  'KG',
  'AG',
  'e.K.',
  'Inc',
  'Inc.',
  'LLC',
  'L.L.C.',
  'Ltd',
  'Ltd.',
  'Limited',
  'Pty Ltd',
  'PLC',
  'LLP',
  'Corp.',
  'Corporation',
  'Co.',
  'S.A.',
  'SA',
  'SARL',
  'S.à r.l.',
  'SAS',
  'S.L.',
  'S.r.l.',
  'S.p.A.',
  'Oy',
  'AB',
  'ApS',
  'A/S',
  'AS',
  'Sp. z o.o.',
  'BVBA',
];
const ACCENTED: Readonly<Record<string, string>> = {
  a: 'å',
  e: 'é',
  i: 'ï',
  o: 'ø',
  u: 'ü',
  n: 'ñ',
  c: 'ç',
  s: 'š',
};
const CONSONANTS = 'bcdfghjklmnprstvwz';
const VOWELS = 'aeiouy';
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

function word(random: () => number): string {
  const length = 5 + Math.floor(random() * 6);
  let out = '';
  for (let i = 0; i < length; i += 1) {
    const from = i % 2 === 0 ? CONSONANTS : VOWELS;
    out += from[Math.floor(random() * from.length)];
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

const pick = <T>(list: readonly T[], random: () => number): T =>
  list[Math.floor(random() * list.length)] as T;

/** One or two letters of the word in their accented form. */
function accent(w: string, random: () => number): string {
  const chars = [...w];
  const spots = chars.map((c, i) => (i > 0 && ACCENTED[c] ? i : -1)).filter((i) => i >= 0);
  for (let n = 0; n < Math.min(spots.length, 1 + Math.floor(random() * 2)); n += 1) {
    const at = pick(spots, random);
    chars[at] = ACCENTED[chars[at] as string] as string;
  }
  return chars.join('');
}

const strip = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/ø/g, 'o');

/** One letter changed, dropped or doubled in a word of at least five letters (never the first). */
function slip(name: string, random: () => number): string {
  const words = name.split(' ');
  const long = words.map((w, i) => (w.length >= 5 ? i : -1)).filter((i) => i >= 0);
  if (long.length === 0) return name;
  const i = pick(long, random);
  const w = words[i] as string;
  const at = 1 + Math.floor(random() * (w.length - 1));
  const kind = Math.floor(random() * 3);
  words[i] =
    kind === 0
      ? w.slice(0, at) +
        pick(
          [...LETTERS].filter((c) => c !== w[at]),
          random,
        ) +
        w.slice(at + 1)
      : kind === 1
        ? w.slice(0, at) + w.slice(at + 1)
        : w.slice(0, at) + (w[at] ?? '') + w.slice(at);
  return words.join(' ');
}

/** What an account should match (a company id, or `none`), and whether it holds a slip. */
export interface SlipLabel {
  readonly name: string;
  readonly expected: string;
  readonly slip: boolean;
}

/** Companies and labelled accounts of the third generator. */
export function slipDataSet(companyCount = 100_600, accountCount = 10_000, seed = 77) {
  const random = seededRandom(seed);
  const pool: string[] = [];
  const seen = new Set<string>();
  while (pool.length < Math.round(companyCount * 0.6)) {
    const w = word(random);
    if (!seen.has(w.toLowerCase())) {
      seen.add(w.toLowerCase());
      pool.push(w);
    }
  }
  const cores: string[] = [];
  const companies: Company[] = [];
  for (let i = 0; i < companyCount; i += 1) {
    const first = pool[i % pool.length] as string;
    const second = random() < 0.45 ? ` ${random() < 0.4 ? '& ' : ''}${pick(pool, random)}` : '';
    const trade = random() < 0.85 ? ` ${pick(TRADE, random)}` : '';
    const core = `${random() < 0.33 ? accent(first, random) : first}${second}${trade}`;
    cores.push(core);
    companies.push({ id: String(i + 1), name: `${core}${random() < 0.3 ? ',' : ''} ${pick(LEGAL, random)}` });
  }
  const labels: SlipLabel[] = [];
  const absent = Math.round(accountCount * 0.3);
  while (labels.length < accountCount - absent) {
    const i = Math.floor(random() * companyCount);
    const core = cores[i] as string;
    const written = pick(
      [
        () => core,
        () => strip(core),
        () => `${core} ${pick(LEGAL, random)}`,
        () => core.toUpperCase(),
        () => `${strip(core)} ${pick(LEGAL, random)}`,
      ],
      random,
    )();
    const slipped = random() < 0.4;
    labels.push({ name: slipped ? slip(written, random) : written, expected: String(i + 1), slip: slipped });
  }
  // Absent names of pool words: they share words with real companies, so typo search runs for each.
  while (labels.length < accountCount) {
    labels.push({
      name: `${pick(pool, random)} ${pick(pool, random)} ${pick(TRADE, random)}`,
      expected: 'none',
      slip: false,
    });
  }
  return { companies, labels };
}
