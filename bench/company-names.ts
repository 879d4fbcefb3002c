import { normalizeCompanyName } from '@psa-bridge/core/matching';
import { FAKE_INDUSTRIES, pick, seededRandom } from '@psa-bridge/core/testing';

/**
 * Realistic company names for the matching benchmark: invented family names built from
 * syllables (so 100,000 names are mostly distinct), an industry, a legal form from several
 * countries, `&` or "and", accents. Deterministic for a seed.
 */
const ONSETS = [
  'b',
  'br',
  'c',
  'd',
  'dr',
  'f',
  'g',
  'gr',
  'h',
  'j',
  'k',
  'kr',
  'l',
  'm',
  'n',
  'p',
  'pr',
  'r',
  's',
  'st',
  't',
  'tr',
  'v',
  'w',
  'z',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ei', 'ou', 'é', 'ö', 'ü', 'å'];
const CODAS = ['', 'n', 'r', 'l', 's', 'rt', 'nd', 'ck', 'm', 'x', 'th', 'lls'];
const INDUSTRIES = [...FAKE_INDUSTRIES, 'Design', 'Veterinary', 'Plumbing'];
const LEGAL = [
  'Inc',
  'LLC',
  'Ltd',
  'Limited',
  'Corp',
  'GmbH',
  'AG',
  'B.V.',
  'N.V.',
  'S.A.',
  'SARL',
  'S.r.l.',
  'Oy',
  'AB',
  'ApS',
  'Pty Ltd',
  'PLC',
  '',
];
/** Spellings of the same legal form, as partners type them. */
const LEGAL_VARIANTS: Record<string, string[]> = {
  Inc: ['Inc.', 'Incorporated', 'INC'],
  LLC: ['L.L.C.', 'llc'],
  Ltd: ['Ltd.', 'Limited'],
  Limited: ['Ltd', 'Ltd.'],
  Corp: ['Corporation', 'Corp.'],
  'B.V.': ['BV', 'B.V'],
  'N.V.': ['NV'],
  'S.A.': ['SA'],
  'S.r.l.': ['Srl', 'SRL'],
  GmbH: ['GMBH', 'Gmbh'],
};

function family(random: () => number): string {
  const syllables = 2 + Math.floor(random() * 2);
  let word = '';
  for (let i = 0; i < syllables; i += 1)
    word += pick(random, ONSETS) + pick(random, VOWELS) + (i === syllables - 1 ? pick(random, CODAS) : '');
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** A company name with its parts, so variants can be made. */
export interface NameParts {
  readonly base: string;
  readonly industry: string;
  readonly legal: string;
}

/** Makes `count` company name parts; the base names are distinct. */
export function generateNameParts(count: number, seed: number): NameParts[] {
  const random = seededRandom(seed);
  const seen = new Set<string>();
  const out: NameParts[] = [];
  while (out.length < count) {
    const second = random() < 0.35 ? ` ${random() < 0.5 ? '&' : 'and'} ${family(random)}` : '';
    const base = `${family(random)}${second}`;
    const industry = pick(random, INDUSTRIES);
    // Distinct after normalization, so labels stay true: "Bré" and "Bre" are the same name.
    const key = normalizeCompanyName(`${base} ${industry}`);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ base, industry, legal: pick(random, LEGAL) });
  }
  return out;
}

/** Joins parts into a name. */
export function nameOf(parts: NameParts): string {
  return [parts.base, parts.industry, parts.legal].filter((part) => part !== '').join(' ');
}

/** The same company written another way: another legal form spelling, case, accents, "&"/"and", "The". */
export function variantOf(parts: NameParts, random: () => number): string {
  const legal = LEGAL_VARIANTS[parts.legal]
    ? pick(random, LEGAL_VARIANTS[parts.legal] as string[])
    : parts.legal;
  let name = [parts.base, parts.industry, legal].filter((part) => part !== '').join(' ');
  const roll = random();
  if (roll < 0.25) name = name.toUpperCase();
  else if (roll < 0.5) name = name.normalize('NFKD').replace(/\p{M}+/gu, '');
  else if (roll < 0.65) name = name.replace(' & ', ' and ').replace(' and ', ' & ');
  else if (roll < 0.75) name = `The ${name}`;
  return name;
}

/** One typing mistake in the base name: a swapped, dropped or doubled letter. */
export function typoOf(parts: NameParts, random: () => number): string {
  const base = parts.base;
  const at = 1 + Math.floor(random() * (base.length - 2));
  const kind = random();
  let typo: string;
  if (kind < 0.34) typo = base.slice(0, at) + (base[at + 1] ?? '') + base[at] + base.slice(at + 2);
  else if (kind < 0.67) typo = base.slice(0, at) + base.slice(at + 1);
  else typo = base.slice(0, at) + base[at] + base.slice(at);
  return [typo, parts.industry, parts.legal].filter((part) => part !== '').join(' ');
}
