/**
 * Legal forms stripped from the end of a name, after punctuation is gone and dotted initials
 * are joined (B.V. → bv). Several in a row are stripped in a loop (`pty ltd`, `gmbh and co kg`).
 */
export const LEGAL_FORMS: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'lp',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'pty',
  'gmbh',
  'ag',
  'kg',
  'ug',
  'ohg',
  'ev',
  'eg',
  'se',
  'bv',
  'bvba',
  'nv',
  'vof',
  'cv',
  'sa',
  'sas',
  'sarl',
  'sasu',
  'srl',
  'spa',
  'sl',
  'sro',
  'oy',
  'oyj',
  'ab',
  'as',
  'asa',
  'aps',
  'kft',
  'zrt',
  'doo',
  'ltda',
  'sac',
  'kk',
  'pte',
  'bhd',
  'sdn',
  'pvt',
  'sagl',
  'ek',
  'and',
]);

/**
 * Legal forms of several words, as tokens after folding (Luxembourg's S.à r.l., Poland's
 * Sp. z o.o., Denmark's A/S, Latin America's S. de R.L.): stripped from the end only whole, so a
 * name that merely ends in "Z" or "S" keeps it.
 */
const LEGAL_PHRASES: readonly (readonly string[])[] = [
  ['sp', 'z', 'oo'],
  ['sa', 'rl'],
  ['s', 'de', 'rl'],
  ['a', 's'],
];

/** How many of the last tokens form a legal form (a word or a phrase), 0 when none does. */
function legalTail(tokens: readonly string[]): number {
  if (LEGAL_FORMS.has(tokens[tokens.length - 1] as string)) return 1;
  for (const phrase of LEGAL_PHRASES) {
    if (tokens.length <= phrase.length) continue;
    const start = tokens.length - phrase.length;
    if (phrase.every((word, k) => tokens[start + k] === word)) return phrase.length;
  }
  return 0;
}

/**
 * A company name reduced to what identifies it, for matching (SPEC M1): letter case and accents
 * folded, `&` and `+` read as "and", dotted initials joined (`B.V.` = `BV`, `S.A.` = `SA`),
 * punctuation and extra spaces dropped, a leading "The" dropped, and trailing legal forms
 * stripped in a loop (Inc, LLC, Ltd, GmbH, BV, SARL, …), never down to nothing.
 *
 * @example
 * ```ts
 * normalizeCompanyName('The Müller & Söhne GmbH & Co. KG'); // 'muller and sohne'
 * normalizeCompanyName('Acme B.V.');                        // 'acme'
 * ```
 */
export function normalizeCompanyName(name: string): string {
  let text = name.toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: any code point past ASCII needs folding.
  if (/[^\u0000-\u007f]/.test(text)) text = foldAccents(text);
  // Dotted initials: b.v. → bv, s.r.l. → srl, s.p.a. → spa (parts of one to three letters).
  if (text.includes('.')) {
    text = text
      .replace(/\b(?:[\p{L}]{1,3}\.){2,}/gu, (initials) => initials.replace(/\./g, ''))
      .replace(/\b([\p{L}])\.([\p{L}])\b/gu, '$1$2');
  }
  const tokens: string[] = [];
  let token = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if ((code >= 97 && code <= 122) || (code >= 48 && code <= 57)) {
      token += text[i];
      continue;
    }
    // Apostrophes join (O'Neill → oneill); & and + are "and"; letters of other scripts are kept.
    if (code === 39 || code === 0x2019 || code === 96) continue;
    if (code > 127) {
      // Letters outside the Basic Multilingual Plane come as two UTF-16 units.
      const char = code >= 0xd800 && code <= 0xdbff ? text.slice(i, i + 2) : (text[i] as string);
      if (/[\p{L}\p{N}]/u.test(char)) {
        token += char;
        i += char.length - 1;
        continue;
      }
    }
    if (token !== '') tokens.push(token);
    token = '';
    if (code === 38 || code === 43) tokens.push('and');
  }
  if (token !== '') tokens.push(token);
  if (tokens.length > 1 && tokens[0] === 'the') tokens.shift();
  for (let tail = legalTail(tokens); tail > 0 && tokens.length > tail; tail = legalTail(tokens)) {
    tokens.length -= tail;
  }
  return tokens.join(' ');
}

const SPECIAL_LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  ł: 'l',
  đ: 'd',
  þ: 'th',
  œ: 'oe',
};
/** Folded form of each non-ASCII character seen so far: NFKD runs once per character, not per name. */
const folded = new Map<string, string>();

/** One folding step: decompose, drop marks, lower-case, spell out letters that do not decompose. */
function foldOnce(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  let out = '';
  for (const letter of base) out += SPECIAL_LETTERS[letter] ?? letter;
  return out;
}

/** Letters without their accents, and the few that do not decompose (ß, ø, æ, ł, …), lower case. */
function foldAccents(text: string): string {
  let out = '';
  for (const char of text) {
    if (char.charCodeAt(0) < 128) {
      out += char;
      continue;
    }
    let plain = folded.get(char);
    if (plain === undefined) {
      plain = foldOnce(char);
      // Some letters fold in steps (Ǣ → æ → ae): fold until nothing changes.
      for (let step = 0; step < 3; step += 1) {
        const next = foldOnce(plain);
        if (next === plain) break;
        plain = next;
      }
      if (folded.size < 10_000) folded.set(char, plain);
    }
    out += plain;
  }
  return out;
}
